using Syncer.Tests.Support;

namespace Syncer.Tests.Engine;

/// <summary>
/// A table job doing its work end to end: the syncer service (real Kestrel, real engine) between two minidoris
/// processes. Rows written on the source before the job exist on the target after its full sync; rows written after
/// arrive through incremental sync; the target ends equal to the source row for row.
/// </summary>
[Trait("Category", "EndToEnd")]
public sealed class TableSyncEndToEndTests(MiniDorisPair doris) : IClassFixture<MiniDorisPair>, IAsyncLifetime
{
    private RunningSyncer _syncer = null!;

    private MiniDorisCluster Src => doris.Src;

    private MiniDorisCluster Dest => doris.Dest;

    public async Task InitializeAsync() => _syncer = await RunningSyncer.StartAsync();

    public async Task DisposeAsync() => await _syncer.DisposeAsync();

    [Theory]
    [InlineData("DUPLICATE KEY(id)", "")]
    [InlineData("UNIQUE KEY(id)", "")]
    [InlineData("AGGREGATE KEY(id)", "SUM")]
    public async Task Table_job_full_syncs_then_replicates_loads(string model, string aggregate)
    {
        var db = MiniDorisCluster.UniqueName("shop");
        var destDb = MiniDorisCluster.UniqueName("shop_bak");
        await TableSyncChecks.CreateSourceAsync(Src, db, "orders", model, aggregate, rows: ["(1, 10)", "(2, 20)"]);
        var job = MiniDorisCluster.UniqueName("orders_sync");
        await _syncer.CreateAsync(new { name = job, src = Src.Spec(db, "orders"), dest = Dest.Spec(destDb, "orders") });

        await WaitEqualAsync(db, destDb, "orders", "orders");
        await Src.ExecuteAsync($"INSERT INTO {db}.orders VALUES (3, 30), (1, 5)", $"INSERT INTO {db}.orders VALUES (4, 40)");
        await WaitEqualAsync(db, destDb, "orders", "orders");
        Assert.Equal("TableIncrementalSync", await TableSyncChecks.ProgressStateAsync(_syncer, job));
    }

    [Fact]
    public async Task Paused_job_applies_nothing_and_catches_up_on_resume()
    {
        var db = MiniDorisCluster.UniqueName("shop");
        var destDb = MiniDorisCluster.UniqueName("shop_bak");
        await TableSyncChecks.CreateSourceAsync(Src, db, "orders", rows: ["(1, 10)"]);
        var job = MiniDorisCluster.UniqueName("paused");
        await _syncer.CreateAsync(new { name = job, src = Src.Spec(db, "orders"), dest = Dest.Spec(destDb, "orders") });
        await WaitEqualAsync(db, destDb, "orders", "orders");
        // Caught up (the BACKUP's own barrier binlog included) before the pause.
        await TableSyncChecks.WaitCaughtUpAsync(_syncer, job);

        Assert.True((await _syncer.CallAsync("/pause", new { name = job })).GetProperty("success").GetBoolean());
        var before = await TableSyncChecks.RowsAsync(Dest, destDb, "orders");
        for (var i = 2; i <= 6; i++) await Src.ExecuteAsync($"INSERT INTO {db}.orders VALUES ({i}, {i * 10})");
        Assert.Equal(5, (await _syncer.CallAsync("/get_lag", new { name = job })).GetProperty("lag").GetInt64());
        Assert.Equal(before, await TableSyncChecks.RowsAsync(Dest, destDb, "orders"));

        Assert.True((await _syncer.CallAsync("/resume", new { name = job })).GetProperty("success").GetBoolean());
        await WaitEqualAsync(db, destDb, "orders", "orders");
        await TableSyncChecks.WaitCaughtUpAsync(_syncer, job);
    }

    [Fact]
    public async Task Target_table_may_have_another_name()
    {
        var db = MiniDorisCluster.UniqueName("shop");
        var destDb = MiniDorisCluster.UniqueName("shop_bak");
        await TableSyncChecks.CreateSourceAsync(Src, db, "orders", rows: ["(1, 10)", "(2, 20)"]);
        await _syncer.CreateAsync(new { name = MiniDorisCluster.UniqueName("renamed"), src = Src.Spec(db, "orders"), dest = Dest.Spec(destDb, "orders_copy") });
        await WaitEqualAsync(db, destDb, "orders", "orders_copy");
        await Src.ExecuteAsync($"INSERT INTO {db}.orders VALUES (3, 30)");
        await WaitEqualAsync(db, destDb, "orders", "orders_copy");
    }

    [Fact]
    public async Task Existing_target_table_with_another_schema_is_replaced()
    {
        var db = MiniDorisCluster.UniqueName("shop");
        var destDb = MiniDorisCluster.UniqueName("shop_bak");
        await TableSyncChecks.CreateSourceAsync(Src, db, "orders", rows: ["(1, 10)", "(2, 20)"]);
        await Dest.ExecuteAsync($"CREATE DATABASE {destDb}",
            $"CREATE TABLE {destDb}.orders (id INT, name VARCHAR(20), extra BIGINT) DUPLICATE KEY(id) DISTRIBUTED BY HASH(id) BUCKETS 3 PROPERTIES (\"replication_num\" = \"1\")",
            $"INSERT INTO {destDb}.orders VALUES (9, 'stale', 1)");
        await _syncer.CreateAsync(new
        {
            name = MiniDorisCluster.UniqueName("replace"), src = Src.Spec(db, "orders"), dest = Dest.Spec(destDb, "orders"), allow_table_exists = true,
        });
        await WaitEqualAsync(db, destDb, "orders", "orders");
        await Src.ExecuteAsync($"INSERT INTO {db}.orders VALUES (3, 30)");
        await WaitEqualAsync(db, destDb, "orders", "orders");
    }

    [Fact]
    public async Task A_renamed_source_table_is_followed_by_incremental_and_full_sync()
    {
        var db = MiniDorisCluster.UniqueName("shop");
        var destDb = MiniDorisCluster.UniqueName("shop_bak");
        await TableSyncChecks.CreateSourceAsync(Src, db, "orders", rows: ["(1, 10)"]);
        var job = MiniDorisCluster.UniqueName("renamed_src");
        await _syncer.CreateAsync(new { name = job, src = Src.Spec(db, "orders"), dest = Dest.Spec(destDb, "orders") });
        await WaitEqualAsync(db, destDb, "orders", "orders");
        await Src.ExecuteAsync($"ALTER TABLE {db}.orders RENAME orders_2024", $"INSERT INTO {db}.orders_2024 VALUES (2, 20)");
        await WaitEqualAsync(db, destDb, "orders_2024", "orders");
        // A full sync backs the table up under its new name.
        await _syncer.CallAsync("/force_fullsync", new { name = job });
        await Src.ExecuteAsync($"INSERT INTO {db}.orders_2024 VALUES (3, 30)");
        await Eventually.UntilAsync(() => Task.FromResult(TableSyncChecks.FullSyncs(_syncer) >= 2),
            TableSyncChecks.Patience, "the second full sync");
        await WaitEqualAsync(db, destDb, "orders_2024", "orders");
        using var detail = System.Text.Json.JsonDocument.Parse((await _syncer.CallAsync("/job_detail", new { name = job })).GetProperty("job_detail").GetString()!);
        Assert.Equal("orders_2024", detail.RootElement.GetProperty("src").GetProperty("table").GetString());
    }

    [Fact]
    public async Task Control_requests_do_not_wait_for_a_long_backup()
    {
        var db = MiniDorisCluster.UniqueName("shop");
        var destDb = MiniDorisCluster.UniqueName("shop_bak");
        await TableSyncChecks.CreateSourceAsync(Src, db, "orders", rows: ["(1, 10)"]);
        await Src.ExecuteAsync("ADMIN SET FRONTEND CONFIG (\"minidoris.fault.job.backup\" = \"hold\")");
        try
        {
            var job = MiniDorisCluster.UniqueName("held");
            await _syncer.CreateAsync(new { name = job, src = Src.Spec(db, "orders"), dest = Dest.Spec(destDb, "orders") });
            await Eventually.UntilAsync(async () => (await Src.QueryColumnAsync($"SHOW BACKUP FROM {db}", "State")).Count > 0,
                TableSyncChecks.Patience, "the backup to start");
            // The engine is waiting for a backup that does not move; pause, status and lag answer at once all the same.
            Assert.True((await _syncer.CallAsync("/pause", new { name = job })).GetProperty("success").GetBoolean());
            Assert.Equal("paused", (await _syncer.CallAsync("/job_status", new { name = job })).GetProperty("status").GetProperty("state").GetString());
            Assert.True((await _syncer.CallAsync("/get_lag", new { name = job })).GetProperty("success").GetBoolean());
            Assert.True((await _syncer.CallAsync("/resume", new { name = job })).GetProperty("success").GetBoolean());
            await Src.ExecuteAsync("ADMIN SET FRONTEND CONFIG (\"minidoris.fault.job.backup\" = \"off\")");
            await WaitEqualAsync(db, destDb, "orders", "orders");
        }
        finally
        {
            await Src.ExecuteAsync("ADMIN SET FRONTEND CONFIG (\"minidoris.fault.job.backup\" = \"off\")");
        }
    }

    private Task WaitEqualAsync(string srcDb, string destDb, string srcTable, string destTable) =>
        TableSyncChecks.WaitEqualAsync(Src, srcDb, srcTable, Dest, destDb, destTable, () => _syncer.Log.Text);
}
