using System.Text.Json;
using Syncer.Tests.Support;
using Syncer.Doris.Sql;

namespace Syncer.Tests.Engine;

/// <summary>
/// Database jobs with include/exclude filters and drop policies, end to end between two minidoris processes: only the
/// filtered tables are synced (full sync, creations, loads), binlogs of the others are counted and skipped, a table
/// renamed into the filter appears on the target and one renamed out of it is dropped there — or kept, with
/// <c>drop_policy: keep</c>, as are tables the source drops.
/// </summary>
[Trait("Category", "EndToEnd")]
public sealed class DatabasePolicyEndToEndTests(MiniDorisPair doris) : IClassFixture<MiniDorisPair>, IAsyncLifetime
{
    private RunningSyncer _syncer = null!;

    private MiniDorisCluster Src => doris.Src;

    private MiniDorisCluster Dest => doris.Dest;

    public async Task InitializeAsync() => _syncer = await RunningSyncer.StartAsync();

    public async Task DisposeAsync() => await _syncer.DisposeAsync();

    [Fact]
    public async Task Only_filtered_tables_are_synced_and_renames_across_the_filter_create_or_drop_the_target_table()
    {
        var db = MiniDorisCluster.UniqueName("flt");
        var destDb = MiniDorisCluster.UniqueName("flt_bak");
        await DatabaseSyncChecks.CreateSourceAsync(Src, db,
            DatabaseSyncChecks.Table(db, "orders"),
            DatabaseSyncChecks.Table(db, "orders_tmp"),
            DatabaseSyncChecks.Table(db, "audit"),
            DatabaseSyncChecks.Table(db, "订单"),
            $"INSERT INTO {db}.orders VALUES (1, 1)",
            $"INSERT INTO {db}.orders_tmp VALUES (2, 2)",
            $"INSERT INTO {db}.audit VALUES (3, 3), (4, 4)",
            $"INSERT INTO {db}.{DorisSql.Identifier("订单")} VALUES (5, 5)");
        var job = MiniDorisCluster.UniqueName("flt_job");
        await _syncer.CreateAsync(new
        {
            name = job, src = Src.Spec(db), dest = Dest.Spec(destDb),
            include_tables = new[] { "orders*", "`订单`" }, exclude_tables = new[] { "*_tmp" },
        });
        await SameTablesAsync(db, destDb, "orders", "订单");

        // Loads into tables outside the filter are skipped and counted; a table created inside it is synced.
        await Src.ExecuteAsync($"INSERT INTO {db}.orders_tmp VALUES (6, 6)", $"INSERT INTO {db}.audit VALUES (7, 7)",
            DatabaseSyncChecks.Table(db, "scratch_tmp"), $"INSERT INTO {db}.scratch_tmp VALUES (8, 8)",
            DatabaseSyncChecks.Table(db, "orders_2025"), $"INSERT INTO {db}.orders_2025 VALUES (9, 9)", $"INSERT INTO {db}.orders VALUES (10, 10)");
        await SameTablesAsync(db, destDb, "orders", "orders_2025", "订单");
        await TableSyncChecks.WaitCaughtUpAsync(_syncer, job);
        var filtered = (await _syncer.CallAsync("/job_status", new { name = job })).GetProperty("status").GetProperty("filtered_binlogs").GetInt64();
        Assert.True(filtered >= 3, $"filtered_binlogs {filtered}");
        using (var progress = JsonDocument.Parse((await _syncer.CallAsync("/job_progress", new { name = job })).GetProperty("job_progress").GetString()!))
            Assert.Equal(filtered, progress.RootElement.GetProperty("filtered_binlogs").GetInt64());
        Assert.Contains($"ccr_job_filtered_binlogs_total{{job=\"{job}\"}} {filtered}", await _syncer.Http.GetStringAsync("/metrics"), StringComparison.Ordinal);

        // Renamed out of the filter: dropped on the target. Renamed into it: restored there with its rows, then loaded.
        await Src.ExecuteAsync($"ALTER TABLE {db}.orders_2025 RENAME archive_2025", $"ALTER TABLE {db}.audit RENAME orders_audit",
            $"INSERT INTO {db}.orders_audit VALUES (11, 11)", $"INSERT INTO {db}.archive_2025 VALUES (12, 12)");
        await SameTablesAsync(db, destDb, "orders", "orders_audit", "订单");
        // Dropping a table outside the filter touches nothing on the target.
        await Src.ExecuteAsync($"DROP TABLE {db}.scratch_tmp", $"INSERT INTO {db}.orders_audit VALUES (13, 13)");
        await SameTablesAsync(db, destDb, "orders", "orders_audit", "订单");
        Assert.Equal(1, TableSyncChecks.FullSyncs(_syncer));
    }

    [Fact]
    public async Task With_drop_policy_keep_tables_dropped_or_renamed_out_of_the_filter_stay_on_the_target()
    {
        var db = MiniDorisCluster.UniqueName("keep");
        var destDb = MiniDorisCluster.UniqueName("keep_bak");
        await DatabaseSyncChecks.CreateSourceAsync(Src, db,
            DatabaseSyncChecks.Table(db, "t1"), DatabaseSyncChecks.Table(db, "t2"), DatabaseSyncChecks.Table(db, "t3"),
            $"INSERT INTO {db}.t1 VALUES (1, 1)", $"INSERT INTO {db}.t2 VALUES (2, 2)", $"INSERT INTO {db}.t3 VALUES (3, 3)");
        var job = MiniDorisCluster.UniqueName("keep_job");
        await _syncer.CreateAsync(new { name = job, src = Src.Spec(db), dest = Dest.Spec(destDb), exclude_tables = new[] { "old_*" }, drop_policy = "keep" });
        await SameTablesAsync(db, destDb, "t1", "t2", "t3");

        await Src.ExecuteAsync($"DROP TABLE {db}.t2", $"ALTER TABLE {db}.t3 RENAME old_t3", $"INSERT INTO {db}.old_t3 VALUES (30, 30)",
            $"INSERT INTO {db}.t1 VALUES (10, 10)");
        await Eventually.UntilAsync(async () => (await TableSyncChecks.RowsAsync(Dest, destDb, "t1")).Contains("10:10"),
            TableSyncChecks.Patience, "the load after the drops");
        await TableSyncChecks.WaitCaughtUpAsync(_syncer, job);
        Assert.Equal(["t1", "t2", "t3"], await DatabaseSyncChecks.ObjectsAsync(Dest, destDb));
        Assert.Equal(["2:2"], await TableSyncChecks.RowsAsync(Dest, destDb, "t2"));
        Assert.Equal(["3:3"], await TableSyncChecks.RowsAsync(Dest, destDb, "t3"));
        Assert.Contains($"ccr_job_kept_drops_total{{job=\"{job}\"}} 2", await _syncer.Http.GetStringAsync("/metrics"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task With_drop_policy_propagate_a_dropped_table_is_dropped_on_the_target()
    {
        var db = MiniDorisCluster.UniqueName("prop");
        var destDb = MiniDorisCluster.UniqueName("prop_bak");
        await DatabaseSyncChecks.CreateSourceAsync(Src, db, DatabaseSyncChecks.Table(db, "t1"), DatabaseSyncChecks.Table(db, "t2"),
            $"INSERT INTO {db}.t1 VALUES (1, 1)", $"INSERT INTO {db}.t2 VALUES (2, 2)");
        await _syncer.CreateAsync(new { name = MiniDorisCluster.UniqueName("prop_job"), src = Src.Spec(db), dest = Dest.Spec(destDb), drop_policy = "propagate" });
        await SameTablesAsync(db, destDb, "t1", "t2");
        await Src.ExecuteAsync($"DROP TABLE {db}.t2", $"INSERT INTO {db}.t1 VALUES (10, 10)");
        await SameTablesAsync(db, destDb, "t1");
    }

    [Theory]
    [InlineData("replace")]
    [InlineData("stop")]
    public async Task A_target_table_dropped_behind_the_job_is_restored_or_pauses_the_job_by_policy(string policy)
    {
        var db = MiniDorisCluster.UniqueName("dbdrift");
        var destDb = MiniDorisCluster.UniqueName("dbdrift_bak");
        await DatabaseSyncChecks.CreateSourceAsync(Src, db, DatabaseSyncChecks.Table(db, "t1"), DatabaseSyncChecks.Table(db, "t2"),
            $"INSERT INTO {db}.t1 VALUES (1, 1)", $"INSERT INTO {db}.t2 VALUES (2, 2)");
        var job = MiniDorisCluster.UniqueName("dbdrift_job");
        await _syncer.CreateAsync(new { name = job, src = Src.Spec(db), dest = Dest.Spec(destDb), schema_drift_policy = policy });
        await SameTablesAsync(db, destDb, "t1", "t2");
        await TableSyncChecks.WaitCaughtUpAsync(_syncer, job);

        await Dest.ExecuteAsync($"DROP TABLE {destDb}.t2 FORCE");
        await Src.ExecuteAsync($"INSERT INTO {db}.t2 VALUES (3, 3)");
        if (policy == "replace")
        {
            await SameTablesAsync(db, destDb, "t1", "t2");
            return;
        }
        System.Text.Json.JsonElement status = default;
        await Eventually.UntilAsync(async () =>
        {
            status = (await _syncer.CallAsync("/job_status", new { name = job })).GetProperty("status");
            return status.GetProperty("state").GetString() == "paused";
        }, TableSyncChecks.Patience, "the job to pause");
        Assert.StartsWith("schema_drift_policy is \"stop\": ", status.GetProperty("pause_reason").GetString(), StringComparison.Ordinal);
        Assert.Equal(["t1"], await DatabaseSyncChecks.ObjectsAsync(Dest, destDb));
        // Resumed after the operator asked for a full sync: the target is complete again.
        Assert.True((await _syncer.CallAsync("/force_fullsync", new { name = job })).GetProperty("success").GetBoolean());
        Assert.True((await _syncer.CallAsync("/resume", new { name = job })).GetProperty("success").GetBoolean());
        await SameTablesAsync(db, destDb, "t1", "t2");
    }

    // Until the target database holds exactly these tables, each with the source's rows.
    private async Task SameTablesAsync(string db, string destDb, params string[] tables)
    {
        var last = "";
        try
        {
            await Eventually.UntilAsync(async () =>
            {
                try
                {
                    var objects = await DatabaseSyncChecks.ObjectsAsync(Dest, destDb);
                    if (!objects.SequenceEqual(tables.Order(StringComparer.Ordinal)))
                    {
                        last = $"target tables [{string.Join(",", objects)}]";
                        return false;
                    }
                    foreach (var table in tables)
                    {
                        var want = await TableSyncChecks.RowsAsync(Src, db, table);
                        var got = await TableSyncChecks.RowsAsync(Dest, destDb, table);
                        if (!want.SequenceEqual(got))
                        {
                            last = $"{table}: [{string.Join(" ", got)}] != [{string.Join(" ", want)}]";
                            return false;
                        }
                    }
                    return true;
                }
                catch (DorisSqlException e)
                {
                    last = e.Message;
                    return false;
                }
            }, TableSyncChecks.Patience, $"{destDb} to hold {string.Join(",", tables)}");
        }
        catch (TimeoutException)
        {
            Assert.Fail($"target differs: {last}\n{_syncer.Log.Text}");
        }
    }
}
