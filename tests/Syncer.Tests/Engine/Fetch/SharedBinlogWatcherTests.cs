using System.Diagnostics;
using Microsoft.Extensions.Logging.Abstractions;
using Syncer.Cluster;
using Syncer.Doris.Thrift;
using Syncer.Engine.Fetch;
using Syncer.Jobs;
using Syncer.Tests.Support;
using Xunit.Abstractions;

namespace Syncer.Tests.Engine.Fetch;

/// <summary>
/// <see cref="SharedBinlogWatcher"/> against a real minidoris process: loads are INSERTs over the MySQL protocol, faults
/// are minidoris's own (ADMIN SET FRONTEND CONFIG), getBinlog calls are counted by a client-side decorator.
/// Each test uses its own database, so the tests share one minidoris.
/// </summary>
public sealed class SharedBinlogWatcherTests(SharedBinlogWatcherTests.Doris doris, ITestOutputHelper output)
    : IClassFixture<SharedBinlogWatcherTests.Doris>, IAsyncLifetime
{
    /// <summary>One minidoris for the class.</summary>
    public sealed class Doris : IAsyncLifetime
    {
        public MiniDorisCluster Cluster { get; private set; } = null!;

        public async Task InitializeAsync() => Cluster = await MiniDorisCluster.StartAsync();

        public async Task DisposeAsync()
        {
            if (Cluster is not null) await Cluster.DisposeAsync();
        }
    }

    private static readonly TimeSpan Long = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan Prompt = TimeSpan.FromSeconds(10);
    private readonly FrontendClientFactory _frontends = new(new ClusterTimeouts(TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(30)));
    private readonly List<CountingFrontend> _clients = [];
    private SharedBinlogWatcher _watcher = null!;

    private MiniDorisCluster Cluster => doris.Cluster;

    public Task InitializeAsync()
    {
        _watcher = NewWatcher(new BinlogWatchOptions());
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _watcher.DisposeAsync();

    private SharedBinlogWatcher NewWatcher(BinlogWatchOptions options) =>
        new(spec =>
        {
            var client = new CountingFrontend(_frontends.Create(spec));
            lock (_clients) _clients.Add(client);
            return client;
        }, new FrontendCallBudget(FrontendCallBudget.DefaultPerSecond, TimeProvider.System), TimeProvider.System, NullLogger.Instance, options);

    // The poller opens its client on its own thread: read the counts across whatever clients exist yet.
    private int Started => Clients().Sum(c => c.Started);

    private int Answered => Clients().Sum(c => c.Answered);

    private List<TStatusCode> Statuses => Clients().SelectMany(c => c.Statuses).ToList();

    private CountingFrontend[] Clients()
    {
        lock (_clients) return [.. _clients];
    }

    // A database with binlog on and tables a, b and c; returns its spec, the table ids and the commit seq a caught-up
    // database job would stand at (the last binlog of the database).
    private async Task<(ClusterSpec Spec, long A, long B, long Head)> DatabaseAsync()
    {
        var db = MiniDorisCluster.UniqueName("watch");
        await Cluster.CreateDatabaseAsync(db, binlog: true, ["a", "b", "c"]);
        var spec = Cluster.Spec(db);
        return (spec, await Cluster.TableIdAsync(db, "a"), await Cluster.TableIdAsync(db, "b"), await HeadAsync(spec));
    }

    private async Task<long> HeadAsync(ClusterSpec spec)
    {
        await using var client = _frontends.Create(spec);
        var seq = 0L;
        while (true)
        {
            var result = await client.GetBinlogAsync(new TGetBinlogRequest
            {
                User = spec.User, Passwd = spec.Password, Db = spec.Database, PrevCommitSeq = seq, NumAcquired = 255,
            }, CancellationToken.None);
            if (result.Status?.StatusCode == TStatusCode.BINLOG_TOO_NEW_COMMIT_SEQ) return seq;
            Assert.Equal(TStatusCode.OK, result.Status?.StatusCode);
            seq = result.Binlogs!.Max(b => b.CommitSeq);
        }
    }

    private Task InsertAsync(ClusterSpec spec, string table) => Cluster.ExecuteAsync($"INSERT INTO `{spec.Database}`.`{table}` VALUES (1, 1)");

    private Task<Task> WaitAsync(ClusterSpec spec, long tableId, long after, TimeSpan maxWait, CancellationToken cancellationToken = default) =>
        Task.FromResult(_watcher.WaitForChangeAsync(new SourceWatchKey(spec, tableId), after, maxWait, cancellationToken));

    [Fact]
    public async Task A_load_wakes_the_waiters_of_its_table_and_database_promptly_and_no_others()
    {
        var (spec, a, b, head) = await DatabaseAsync();
        var waitA = await WaitAsync(spec, a, head, Long);
        var waitB = await WaitAsync(spec, b, head, Long);
        var waitDb = await WaitAsync(spec, 0, head, Long);
        var shortA = await WaitAsync(spec, a, head, TimeSpan.FromSeconds(1.5));
        var started = Stopwatch.StartNew();

        await InsertAsync(spec, "b");
        var loaded = started.Elapsed;
        await Task.WhenAll(waitB, waitDb).WaitAsync(Prompt);
        output.WriteLine($"load into b seen {(started.Elapsed - loaded).TotalMilliseconds:F0} ms after the INSERT returned");

        // A second load into b, seen by a new waiter of b: by then the watcher has long finished with the first one.
        var headB = await HeadAsync(spec);
        var waitB2 = await WaitAsync(spec, b, headB, Long);
        await InsertAsync(spec, "b");
        await waitB2.WaitAsync(Prompt);
        Assert.False(waitA.IsCompleted, "a waiter of table a woke for loads into table b");

        // Not woken by b: the short waiter of a runs to its maxWait.
        await shortA.WaitAsync(Prompt);
        Assert.True(started.Elapsed >= TimeSpan.FromSeconds(1.4), $"the waiter with maxWait 1.5 s returned after {started.Elapsed}");
        Assert.False(waitA.IsCompleted);

        var beforeA = started.Elapsed;
        await InsertAsync(spec, "a");
        var afterInsert = started.Elapsed;
        await waitA.WaitAsync(Prompt);
        var latency = started.Elapsed - afterInsert;
        output.WriteLine($"load into a seen {latency.TotalMilliseconds:F0} ms after the INSERT returned ({(afterInsert - beforeA).TotalMilliseconds:F0} ms INSERT)");
        // The target is ~100 ms; the bound is loose because the machine is shared.
        Assert.True(latency < TimeSpan.FromSeconds(2), $"load seen after {latency}");
    }

    [Fact]
    public async Task A_hundred_idle_table_waiters_on_one_database_cost_at_most_ten_getbinlog_calls_a_second()
    {
        var (spec, a, _, head) = await DatabaseAsync();
        // 99 tables that see no load (their ids need not exist: the watcher only compares ids) and table a.
        var waits = Enumerable.Range(1, 99).Select(i => _watcher.WaitForChangeAsync(new SourceWatchKey(spec, 1_000_000 + i), head, Long, default)).ToList();
        var waitA = _watcher.WaitForChangeAsync(new SourceWatchKey(spec, a), head, Long, default);
        Assert.Equal(1, _watcher.ActivePollers);

        // Past the watcher's first second (it starts hot), count the calls over three seconds.
        await Eventually.UntilAsync(() => Task.FromResult(Answered > 0), Prompt, "the first poll");
        await Task.Delay(TimeSpan.FromSeconds(1.2));
        var before = Started;
        var window = Stopwatch.StartNew();
        await Task.Delay(TimeSpan.FromSeconds(3));
        var calls = Started - before;
        var perSecond = calls / window.Elapsed.TotalSeconds;
        output.WriteLine($"{calls} getBinlog calls in {window.Elapsed.TotalSeconds:F2} s ({perSecond:F1}/s) for 100 waiters");
        Assert.InRange(perSecond, 0.5, 10.5);
        Assert.All(waits, w => Assert.False(w.IsCompleted));
        Assert.False(waitA.IsCompleted);

        // One load wakes its table's waiter alone.
        await InsertAsync(spec, "a");
        await waitA.WaitAsync(Prompt);
        var headA = await HeadAsync(spec);
        var again = _watcher.WaitForChangeAsync(new SourceWatchKey(spec, 1_000_001), headA, Long, default);
        await InsertAsync(spec, "b");
        await Eventually.UntilAsync(() => Task.FromResult(Statuses.Count(s => s == TStatusCode.OK) >= 2), Prompt, "the load into b");
        Assert.All(waits, w => Assert.False(w.IsCompleted));
        Assert.False(again.IsCompleted);
    }

    [Fact]
    public async Task A_failed_poll_wakes_every_waiter()
    {
        var (spec, a, b, head) = await DatabaseAsync();
        var waits = new[] { await WaitAsync(spec, a, head, Long), await WaitAsync(spec, b, head, Long), await WaitAsync(spec, 0, head, Long) };
        await Eventually.UntilAsync(() => Task.FromResult(Answered > 0), Prompt, "the first poll");
        Assert.All(waits, w => Assert.False(w.IsCompleted));

        await Cluster.ExecuteAsync("ADMIN SET FRONTEND CONFIG (\"minidoris.fault.rpc.getBinlog\" = \"fail,times:1\")");
        await Task.WhenAll(waits).WaitAsync(Prompt);
        Assert.Contains(TStatusCode.INTERNAL_ERROR, Statuses);
    }

    [Fact]
    public async Task Binlog_gc_past_the_watcher_wakes_every_waiter()
    {
        var (spec, a, b, head) = await DatabaseAsync();
        var waits = new[] { await WaitAsync(spec, a, head, Long), await WaitAsync(spec, b, head, Long) };
        await Eventually.UntilAsync(() => Task.FromResult(Answered > 0), Prompt, "the first poll");

        // Hold the watcher's next poll on the FE while a load into c (no waiter) lands and GC recycles everything:
        // the held poll then reads from a commit seq the GC passed, and is answered with the DUMMY.
        try
        {
            await Cluster.ExecuteAsync("ADMIN SET FRONTEND CONFIG (\"minidoris.fault.rpc.getBinlog\" = \"delay:3000\")");
            var armed = Started;
            await Eventually.UntilAsync(() => Task.FromResult(Started > armed), Prompt, "a held poll");
            await InsertAsync(spec, "c");
            await Cluster.ExecuteAsync("ADMIN SET FRONTEND CONFIG (\"minidoris.fault.gc_binlogs\" = \"all\")");
        }
        finally
        {
            await Cluster.ExecuteAsync("ADMIN SET FRONTEND CONFIG (\"minidoris.fault.rpc.getBinlog\" = \"off\")");
        }

        await Task.WhenAll(waits).WaitAsync(Prompt);
        Assert.Contains(TStatusCode.BINLOG_TOO_OLD_COMMIT_SEQ, Statuses);
    }

    [Fact]
    public async Task A_waiter_from_before_the_watcher_started_is_answered_once_then_waits()
    {
        var (spec, a, b, head) = await DatabaseAsync();
        var first = await WaitAsync(spec, a, head, Long);
        // Table b's job stands at an older commit seq: whether b had a binlog in between only its own fetch can tell.
        await (await WaitAsync(spec, b, head - 1, Long)).WaitAsync(Prompt);
        // Answered once, its job fetched since: the same commit seq now waits.
        var again = await WaitAsync(spec, b, head - 1, Long);
        await Eventually.UntilAsync(() => Task.FromResult(Answered > 1), Prompt, "two polls");
        Assert.False(again.IsCompleted);
        Assert.False(first.IsCompleted);
        await InsertAsync(spec, "b");
        await again.WaitAsync(Prompt);
        Assert.False(first.IsCompleted);
    }

    [Fact]
    public async Task Cancelling_a_wait_cancels_it_and_an_idle_poller_stops_after_its_linger()
    {
        await _watcher.DisposeAsync();
        _watcher = NewWatcher(new BinlogWatchOptions { Linger = TimeSpan.FromMilliseconds(300) });
        var (spec, a, _, head) = await DatabaseAsync();
        using var cancel = new CancellationTokenSource();
        var wait = await WaitAsync(spec, a, head, Long, cancel.Token);
        Assert.Equal(1, _watcher.ActivePollers);
        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => wait.WaitAsync(Prompt));
        await Eventually.UntilAsync(() => Task.FromResult(_watcher.ActivePollers == 0), Prompt, "the poller to stop");

        // The next wait starts a new poller.
        var next = await WaitAsync(spec, a, head, Long);
        Assert.Equal(1, _watcher.ActivePollers);
        await InsertAsync(spec, "a");
        await next.WaitAsync(Prompt);
    }

    [Fact]
    public async Task Disposing_the_watcher_releases_its_waiters()
    {
        var (spec, a, _, head) = await DatabaseAsync();
        var wait = await WaitAsync(spec, a, head, Long);
        await _watcher.DisposeAsync();
        await wait.WaitAsync(Prompt);
        Assert.Equal(0, _watcher.ActivePollers);
    }
}
