using Microsoft.Extensions.Logging.Abstractions;
using Syncer.Engine.Fetch;
using Syncer.Jobs;

namespace Syncer.Tests.Engine.Fetch;

/// <summary>
/// <see cref="SharedBinlogWatcher"/> over a scripted binlog list, for the answers minidoris does not give: one binlog per
/// call (Doris 2.0/2.1) and binlogs without table ids.
/// </summary>
public sealed class SharedBinlogWatcherScriptedTests
{
    private static readonly TimeSpan Long = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan Prompt = TimeSpan.FromSeconds(10);
    private static readonly ClusterSpec Source = new() { Host = "127.0.0.1", Port = "9030", ThriftPort = "9020", User = "root", Database = "db" };

    private static SharedBinlogWatcher Watcher(ScriptedBinlogFrontend fe) =>
        new(_ => fe, new FrontendCallBudget(0, TimeProvider.System), TimeProvider.System, NullLogger.Instance, new BinlogWatchOptions());

    private static Task Wait(SharedBinlogWatcher watcher, long tableId, long after) =>
        watcher.WaitForChangeAsync(new SourceWatchKey(Source, tableId), after, Long, CancellationToken.None);

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_backlog_is_walked_to_its_end_whether_the_fe_batches_or_not(bool onePerCall)
    {
        var fe = new ScriptedBinlogFrontend(onePerCall);
        await using var watcher = Watcher(fe);
        var waitT = Wait(watcher, 7, 100);
        for (var seq = 101; seq <= 140; seq++) fe.Add(seq, 8);
        var seqT = fe.Add(141, 7);
        await waitT.WaitAsync(Prompt);
        if (onePerCall) Assert.True(fe.Calls >= 41, $"{fe.Calls} calls");
        // The job applied up to 141: nothing newer for table 7 yet.
        var again = Wait(watcher, 7, seqT);
        fe.Add(142, 8);
        await Wait(watcher, 0, 141).WaitAsync(Prompt);
        Assert.False(again.IsCompleted);
    }

    [Fact]
    public async Task A_binlog_without_table_ids_wakes_every_table()
    {
        var fe = new ScriptedBinlogFrontend(onePerCall: true);
        await using var watcher = Watcher(fe);
        var waits = new[] { Wait(watcher, 0, 100), Wait(watcher, 7, 100), Wait(watcher, 8, 100) };
        fe.Add(101);
        await Task.WhenAll(waits).WaitAsync(Prompt);
    }

    [Fact]
    public async Task A_binlog_touching_several_tables_wakes_each_of_them()
    {
        var fe = new ScriptedBinlogFrontend(onePerCall: false);
        await using var watcher = Watcher(fe);
        var waits = new[] { Wait(watcher, 7, 100), Wait(watcher, 8, 100) };
        var other = Wait(watcher, 9, 100);
        fe.Add(101, 7, 8);
        await Task.WhenAll(waits).WaitAsync(Prompt);
        fe.Add(102, 8);
        await Wait(watcher, 0, 101).WaitAsync(Prompt);
        Assert.False(other.IsCompleted);
    }

    [Fact]
    public async Task A_waiter_already_behind_what_the_watcher_saw_returns_at_once()
    {
        var fe = new ScriptedBinlogFrontend(onePerCall: false);
        await using var watcher = Watcher(fe);
        var first = Wait(watcher, 7, 100);
        fe.Add(101, 8);
        await Wait(watcher, 8, 100).WaitAsync(Prompt);
        // Table 8's job is told again at once while it still stands before 101.
        Assert.True(Wait(watcher, 8, 100).IsCompleted);
        Assert.False(Wait(watcher, 8, 101).IsCompleted);
        Assert.False(first.IsCompleted);
    }

    [Fact]
    public async Task With_last_commit_seq_from_getbinloglag_the_watcher_starts_at_the_head_and_skips_the_backlog()
    {
        var fe = new ScriptedBinlogFrontend(onePerCall: true, lastCommitSeqInLag: true);
        for (var seq = 101; seq <= 1_100; seq++) fe.Add(seq, 8);
        await using var watcher = Watcher(fe);
        // Table 7's job stands at 100, far behind the head (1100): answered at once, once.
        await Wait(watcher, 7, 100).WaitAsync(Prompt);
        var again = Wait(watcher, 7, 100);
        var db = Wait(watcher, 0, 1_100);
        fe.Add(1_101, 8);
        await db.WaitAsync(Prompt);
        Assert.True(fe.Calls < 100, $"{fe.Calls} getBinlog calls: the backlog was walked");
        Assert.False(again.IsCompleted);
        fe.Add(1_102, 7);
        await again.WaitAsync(Prompt);
    }

    [Fact]
    public async Task A_cancelled_wait_does_not_vouch_for_its_table()
    {
        var fe = new ScriptedBinlogFrontend(onePerCall: false);
        await using var watcher = Watcher(fe);
        var first = Wait(watcher, 7, 100);
        using var cancel = new CancellationTokenSource();
        var cancelled = watcher.WaitForChangeAsync(new SourceWatchKey(Source, 9), 100, Long, cancel.Token);
        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled.WaitAsync(Prompt));
        // Table 9's job was not told to fetch: below the starting point it is still answered at once.
        Assert.True(Wait(watcher, 9, 50).IsCompletedSuccessfully);
        Assert.False(Wait(watcher, 9, 50).IsCompleted);
        Assert.False(first.IsCompleted);
    }
}
