using Syncer.Tests.Support;

namespace Syncer.Tests.Engine;

/// <summary>
/// Faults minidoris injects on demand (docs/minidoris.md, "Fault injection") while a table job applies loads into a
/// DUPLICATE table: failed, reset and timed-out RPCs (some after the work was done, so only the answer is lost),
/// PUBLISH_TIMEOUT, failed downloads between the BEs, a NOT_MASTER redirect, a cancelled restore, binlogs GC'd while
/// the job was paused. Each time the target ends equal to the source row for row: nothing lost, nothing applied twice.
/// </summary>
[Trait("Category", "EndToEnd")]
public sealed class FaultInjectionEndToEndTests(MiniDorisPair doris) : IClassFixture<MiniDorisPair>, IAsyncLifetime
{
    private RunningSyncer _syncer = null!;

    private MiniDorisCluster Src => doris.Src;

    private MiniDorisCluster Dest => doris.Dest;

    public async Task InitializeAsync() => _syncer = await RunningSyncer.StartAsync();

    public async Task DisposeAsync()
    {
        await Src.ExecuteAsync("ADMIN SET FRONTEND CONFIG (\"minidoris.fault.clear\" = \"all\")");
        await Dest.ExecuteAsync("ADMIN SET FRONTEND CONFIG (\"minidoris.fault.clear\" = \"all\")");
        await _syncer.DisposeAsync();
    }

    [Theory]
    [InlineData("dest", "rpc.commitTxn", "reset,after,times:1")]
    [InlineData("dest", "rpc.commitTxn", "fail,times:2")]
    [InlineData("dest", "rpc.beginTxn", "reset,after,times:1")]
    [InlineData("dest", "rpc.beginTxn", "fail,times:2")]
    [InlineData("dest", "rpc.ingest_binlog", "fail,times:3")]
    [InlineData("dest", "rpc.getMeta", "fail,times:2")]
    [InlineData("dest", "publish_timeout", "on,delay:300,times:2")]
    [InlineData("src", "rpc.getBinlog", "reset,times:2")]
    [InlineData("src", "rpc.getMeta", "timeout:200,times:1")]
    [InlineData("src", "http.get_binlog_info", "fail,times:2")]
    [InlineData("src", "http.get_segment_file", "corrupt,times:1")]
    public async Task Loads_survive_the_fault(string side, string fault, string value)
    {
        var (db, destDb, job) = await StartJobAsync();
        await (side == "src" ? Src : Dest).ExecuteAsync($"ADMIN SET FRONTEND CONFIG (\"minidoris.fault.{fault}\" = \"{value}\")");
        for (var i = 10; i < 16; i++) await Src.ExecuteAsync($"INSERT INTO {db}.events VALUES ({i}, {i}), ({i}, {i + 1})");
        await WaitEqualAsync(db, destDb);
        Assert.Equal("TableIncrementalSync", await TableSyncChecks.ProgressStateAsync(_syncer, job));
    }

    [Fact]
    public async Task A_not_master_answer_is_followed_to_the_named_master()
    {
        var (db, destDb, _) = await StartJobAsync();
        await Dest.ExecuteAsync($"ADMIN SET FRONTEND CONFIG (\"minidoris.fault.rpc.beginTxn\" = \"not_master:127.0.0.1:{Dest.RpcPort},times:2\")");
        await Src.ExecuteAsync($"INSERT INTO {db}.events VALUES (20, 20)");
        await WaitEqualAsync(db, destDb);
    }

    [Fact]
    public async Task A_cancelled_restore_is_retried_under_a_new_label()
    {
        var db = MiniDorisCluster.UniqueName("faults");
        var destDb = MiniDorisCluster.UniqueName("faults_bak");
        await TableSyncChecks.CreateSourceAsync(Src, db, "events", rows: ["(1, 1)", "(2, 2)"]);
        await Dest.ExecuteAsync("ADMIN SET FRONTEND CONFIG (\"minidoris.fault.job.restore\" = \"fail:injected,times:1\")");
        await _syncer.CreateAsync(new { name = MiniDorisCluster.UniqueName("restore_fail"), src = Src.Spec(db, "events"), dest = Dest.Spec(destDb, "events") });
        await WaitEqualAsync(db, destDb);
    }

    [Fact]
    public async Task Binlogs_collected_while_paused_lead_to_a_full_sync()
    {
        var (db, destDb, job) = await StartJobAsync();
        await TableSyncChecks.WaitCaughtUpAsync(_syncer, job);
        await _syncer.CallAsync("/pause", new { name = job });
        for (var i = 30; i < 33; i++) await Src.ExecuteAsync($"INSERT INTO {db}.events VALUES ({i}, {i})");
        await Src.ExecuteAsync($"ALTER TABLE {db}.events SET (\"binlog.ttl_seconds\" = \"1\")");
        await Src.ExecuteAsync("ADMIN SET FRONTEND CONFIG (\"minidoris.fault.gc_binlogs\" = \"all\")");
        await _syncer.CallAsync("/resume", new { name = job });
        await WaitEqualAsync(db, destDb);
        Assert.Contains("full sync", _syncer.Log.Text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("", "ADD COLUMN w INT DEFAULT \"7\"", "timeout:100,after,times:1")]
    [InlineData("ADD COLUMN w INT DEFAULT \"7\"", "RENAME COLUMN w w2", "reset,after,times:1")]
    public async Task A_DDL_whose_answer_is_lost_is_recognised_as_applied_when_retried(string before, string alter, string fault)
    {
        var (db, destDb, job) = await StartJobAsync();
        if (before.Length > 0) await Src.ExecuteAsync($"ALTER TABLE {db}.events {before}");
        await TableSyncChecks.WaitCaughtUpAsync(_syncer, job);
        await Dest.ExecuteAsync($"ADMIN SET FRONTEND CONFIG (\"minidoris.fault.sql.alter\" = \"{fault}\")");
        await Src.ExecuteAsync($"ALTER TABLE {db}.events {alter}", $"INSERT INTO {db}.events (id, v) VALUES (40, 40)");
        await WaitEqualAsync(db, destDb);
        Assert.Equal(await Src.QueryColumnAsync($"SHOW COLUMNS FROM {db}.events", "Field"), await Dest.QueryColumnAsync($"SHOW COLUMNS FROM {destDb}.events", "Field"));
        Assert.Contains("step failed (attempt 1", _syncer.Log.Text, StringComparison.Ordinal);
        // The retry in the same process checked whether the lost statement had taken effect instead of starting over.
        Assert.Equal(1, TableSyncChecks.FullSyncs(_syncer));
    }

    private async Task<(string Db, string DestDb, string Job)> StartJobAsync()
    {
        var db = MiniDorisCluster.UniqueName("faults");
        var destDb = MiniDorisCluster.UniqueName("faults_bak");
        await TableSyncChecks.CreateSourceAsync(Src, db, "events", buckets: 3, rows: ["(1, 1)", "(2, 2)", "(1, 1)"]);
        var job = MiniDorisCluster.UniqueName("faulty");
        await _syncer.CreateAsync(new { name = job, src = Src.Spec(db, "events"), dest = Dest.Spec(destDb, "events") });
        await WaitEqualAsync(db, destDb);
        return (db, destDb, job);
    }

    private Task WaitEqualAsync(string db, string destDb) =>
        TableSyncChecks.WaitEqualAsync(Src, db, "events", Dest, destDb, "events", () => _syncer.Log.Text);
}
