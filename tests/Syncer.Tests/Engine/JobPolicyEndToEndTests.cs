using Syncer.Tests.Support;

namespace Syncer.Tests.Engine;

/// <summary>
/// The per-job drop and schema drift policies of table jobs, end to end between two minidoris processes:
/// <c>drop_policy</c> propagate/keep on a source DROP PARTITION, and <c>schema_drift_policy</c> replace/stop when the
/// target table is recreated behind the syncer's back (and at creation, for an existing target table with other columns).
/// </summary>
[Trait("Category", "EndToEnd")]
public sealed class JobPolicyEndToEndTests(MiniDorisPair doris) : IClassFixture<MiniDorisPair>, IAsyncLifetime
{
    private RunningSyncer _syncer = null!;

    private MiniDorisCluster Src => doris.Src;

    private MiniDorisCluster Dest => doris.Dest;

    public async Task InitializeAsync() => _syncer = await RunningSyncer.StartAsync();

    public async Task DisposeAsync() => await _syncer.DisposeAsync();

    [Theory]
    [InlineData("propagate")]
    [InlineData("keep")]
    public async Task A_source_partition_drop_reaches_the_target_only_when_the_policy_propagates(string policy)
    {
        var db = MiniDorisCluster.UniqueName("drops");
        var destDb = MiniDorisCluster.UniqueName("drops_bak");
        await Src.ExecuteAsync(
            $"CREATE DATABASE {db}",
            $"CREATE TABLE {db}.sales (id INT, v INT) DUPLICATE KEY(id) PARTITION BY RANGE(id) "
            + "(PARTITION p1 VALUES LESS THAN (10), PARTITION p2 VALUES LESS THAN (20)) DISTRIBUTED BY HASH(id) BUCKETS 2 "
            + $"PROPERTIES (\"replication_num\" = \"1\", {MiniDorisCluster.BinlogOn})",
            $"INSERT INTO {db}.sales VALUES (1, 1), (11, 11)");
        var job = MiniDorisCluster.UniqueName("drops");
        await _syncer.CreateAsync(new { name = job, src = Src.Spec(db, "sales"), dest = Dest.Spec(destDb, "sales"), drop_policy = policy });
        await WaitEqualAsync(db, destDb);

        await Src.ExecuteAsync($"ALTER TABLE {db}.sales DROP PARTITION p1", $"INSERT INTO {db}.sales VALUES (12, 12)");
        await Eventually.UntilAsync(async () => (await TableSyncChecks.RowsAsync(Dest, destDb, "sales")).Contains("12:12"),
            TableSyncChecks.Patience, "the load after the drop");
        await TableSyncChecks.WaitCaughtUpAsync(_syncer, job);
        var partitions = await Dest.QueryColumnAsync($"SHOW PARTITIONS FROM {destDb}.sales", "PartitionName");
        var metrics = await _syncer.Http.GetStringAsync("/metrics");
        if (policy == "propagate")
        {
            Assert.Equal(["p2"], partitions);
            await WaitEqualAsync(db, destDb);
            // Published at 0 from the job's start (dashboards see it before the first event), and still 0.
            Assert.Contains($"ccr_job_kept_drops_total{{job=\"{job}\"}} 0\n", metrics, StringComparison.Ordinal);
        }
        else
        {
            Assert.Equal(["p1", "p2"], partitions.Order());
            Assert.Equal(["1:1", "11:11", "12:12"], await TableSyncChecks.RowsAsync(Dest, destDb, "sales"));
            Assert.Contains($"ccr_job_kept_drops_total{{job=\"{job}\"}} 1", metrics, StringComparison.Ordinal);
            Assert.Contains("drop_policy is keep: partition p1 of sales stays on the target", _syncer.Log.Text, StringComparison.Ordinal);
            // Later loads still pair with the target's partitions.
            await Src.ExecuteAsync($"INSERT INTO {db}.sales VALUES (13, 13)");
            await Eventually.UntilAsync(async () => (await TableSyncChecks.RowsAsync(Dest, destDb, "sales")).Contains("13:13"),
                TableSyncChecks.Patience, "a load after the kept drop");
        }
        Assert.Equal(1, TableSyncChecks.FullSyncs(_syncer));
    }

    [Fact]
    public async Task With_the_replace_policy_a_recreated_target_table_is_replaced_by_a_full_sync()
    {
        var (db, destDb, job) = await StartDriftAsync("replace");
        await Src.ExecuteAsync($"INSERT INTO {db}.events VALUES (3, 3)");
        await WaitEqualAsync(db, destDb, "events");
        Assert.Equal(2, TableSyncChecks.FullSyncs(_syncer));
        Assert.Equal("running", (await _syncer.CallAsync("/job_status", new { name = job })).GetProperty("status").GetProperty("state").GetString());
    }

    [Fact]
    public async Task With_the_stop_policy_a_recreated_target_table_pauses_the_job_untouched_until_the_operator_acts()
    {
        var (db, destDb, job) = await StartDriftAsync("stop");
        await Src.ExecuteAsync($"INSERT INTO {db}.events VALUES (3, 3)");
        System.Text.Json.JsonElement status = default;
        await Eventually.UntilAsync(async () =>
        {
            status = (await _syncer.CallAsync("/job_status", new { name = job })).GetProperty("status");
            return status.GetProperty("state").GetString() == "paused";
        }, TableSyncChecks.Patience, "the job to pause");
        Assert.StartsWith("schema_drift_policy is \"stop\": ", status.GetProperty("pause_reason").GetString(), StringComparison.Ordinal);
        Assert.Contains("/force_fullsync", status.GetProperty("pause_reason").GetString(), StringComparison.Ordinal);
        // The target is left exactly as the operator made it.
        Assert.Equal(["9|stale|1"], await Dest.QueryRowsAsync($"SELECT * FROM {destDb}.events"));
        Assert.Equal(1, TableSyncChecks.FullSyncs(_syncer));

        // The operator chooses to replace it after all.
        Assert.True((await _syncer.CallAsync("/force_fullsync", new { name = job })).GetProperty("success").GetBoolean());
        Assert.True((await _syncer.CallAsync("/resume", new { name = job })).GetProperty("success").GetBoolean());
        await WaitEqualAsync(db, destDb, "events");
        status = (await _syncer.CallAsync("/job_status", new { name = job })).GetProperty("status");
        Assert.Equal("running", status.GetProperty("state").GetString());
        Assert.False(status.TryGetProperty("pause_reason", out _));
    }

    [Fact]
    public async Task With_the_stop_policy_an_existing_target_table_with_other_columns_is_refused_at_creation()
    {
        var db = MiniDorisCluster.UniqueName("exist");
        var destDb = MiniDorisCluster.UniqueName("exist_bak");
        await TableSyncChecks.CreateSourceAsync(Src, db, "events", rows: ["(1, 1)"]);
        await Dest.ExecuteAsync($"CREATE DATABASE {destDb}",
            $"CREATE TABLE {destDb}.events (id INT, v BIGINT) DUPLICATE KEY(id) DISTRIBUTED BY HASH(id) BUCKETS 1 PROPERTIES (\"replication_num\" = \"1\")",
            $"CREATE TABLE {destDb}.same (id INT, v INT) DUPLICATE KEY(id) DISTRIBUTED BY HASH(id) BUCKETS 1 PROPERTIES (\"replication_num\" = \"1\")");
        var refused = await _syncer.CallAsync("/create_ccr", new
        {
            name = MiniDorisCluster.UniqueName("exist"), src = Src.Spec(db, "events"), dest = Dest.Spec(destDb, "events"),
            allow_table_exists = true, schema_drift_policy = "stop",
        });
        Assert.False(refused.GetProperty("success").GetBoolean());
        Assert.Equal($"dest cluster {Dest.Address}: table {destDb}.events exists with other columns than {db}.events (column v is int on the source, bigint on the target); "
                     + "with \"schema_drift_policy\": \"stop\" the syncer does not replace it: drop it, make it match, or use \"replace\"",
            refused.GetProperty("error_msg").GetString());
        // A target table with the same columns is accepted and synced.
        await _syncer.CreateAsync(new
        {
            name = MiniDorisCluster.UniqueName("same"), src = Src.Spec(db, "events"), dest = Dest.Spec(destDb, "same"),
            allow_table_exists = true, schema_drift_policy = "stop",
        });
        await TableSyncChecks.WaitEqualAsync(Src, db, "events", Dest, destDb, "same", () => _syncer.Log.Text);
    }

    // A running job whose target table is then dropped and recreated with another schema and a stale row.
    private async Task<(string Db, string DestDb, string Job)> StartDriftAsync(string policy)
    {
        var db = MiniDorisCluster.UniqueName("drift");
        var destDb = MiniDorisCluster.UniqueName("drift_bak");
        await TableSyncChecks.CreateSourceAsync(Src, db, "events", rows: ["(1, 1)", "(2, 2)"]);
        var job = MiniDorisCluster.UniqueName("drift");
        await _syncer.CreateAsync(new { name = job, src = Src.Spec(db, "events"), dest = Dest.Spec(destDb, "events"), schema_drift_policy = policy });
        await WaitEqualAsync(db, destDb, "events");
        await TableSyncChecks.WaitCaughtUpAsync(_syncer, job);
        await Dest.ExecuteAsync($"DROP TABLE {destDb}.events",
            $"CREATE TABLE {destDb}.events (id INT, name VARCHAR(20), extra BIGINT) DUPLICATE KEY(id) DISTRIBUTED BY HASH(id) BUCKETS 3 PROPERTIES (\"replication_num\" = \"1\")",
            $"INSERT INTO {destDb}.events VALUES (9, 'stale', 1)");
        return (db, destDb, job);
    }

    private Task WaitEqualAsync(string db, string destDb, string table = "sales") =>
        TableSyncChecks.WaitEqualAsync(Src, db, table, Dest, destDb, table, () => _syncer.Log.Text);
}
