using Syncer.Tests.Support;
using Syncer.Wire.MySql;

namespace Syncer.Tests.Engine;

/// <summary>
/// Table DDL inside a database job (the reference's database regression suites that minidoris can express): partitions
/// renamed, truncated, overwritten and replaced; rollups and inverted indexes added, renamed, built and dropped; tables
/// replaced and recovered; schema changes on several tables while paused; a conflicting table already on the target;
/// desync and delete. Each change reaches the target in order, and a change confined to one table never starts a full
/// sync of the database.
/// </summary>
[Trait("Category", "EndToEnd")]
public sealed class DatabaseDdlEndToEndTests(MiniDorisPair doris) : IClassFixture<MiniDorisPair>, IAsyncLifetime
{
    private const string Ranges = "PARTITION BY RANGE(id) (PARTITION p1 VALUES LESS THAN (10), PARTITION p2 VALUES LESS THAN (20))";

    private RunningSyncer _syncer = null!;

    private MiniDorisCluster Src => doris.Src;

    private MiniDorisCluster Dest => doris.Dest;

    public async Task InitializeAsync() => _syncer = await RunningSyncer.StartAsync();

    public async Task DisposeAsync() => await _syncer.DisposeAsync();

    [Fact]
    public async Task Partition_changes_insert_overwrite_and_truncate_replicate_without_a_full_sync()
    {
        var (db, destDb, _) = await StartAsync("dbp",
            DatabaseSyncChecks.Table("{db}", "sales", partitioning: Ranges),
            DatabaseSyncChecks.Table("{db}", "other"),
            "INSERT INTO {db}.sales VALUES (1, 1), (11, 11)", "INSERT INTO {db}.other VALUES (1, 1)");
        await Src.ExecuteAsync($"ALTER TABLE {db}.sales ADD PARTITION p3 VALUES LESS THAN (30)", $"INSERT INTO {db}.sales VALUES (21, 21), (2, 2)");
        await SameAsync(db, destDb);
        await Src.ExecuteAsync($"ALTER TABLE {db}.sales RENAME PARTITION p3 p3_renamed", $"INSERT INTO {db}.sales VALUES (22, 22)");
        await SameAsync(db, destDb);
        Assert.Contains("p3_renamed", await PartitionsAsync(Dest, destDb, "sales"));
        await Src.ExecuteAsync($"TRUNCATE TABLE {db}.sales PARTITION (p2)", $"INSERT INTO {db}.sales VALUES (12, 12)", $"INSERT INTO {db}.other VALUES (2, 2)");
        await SameAsync(db, destDb);
        await Src.ExecuteAsync($"INSERT OVERWRITE TABLE {db}.sales PARTITION (p1) VALUES (7, 70), (8, 80)", $"INSERT INTO {db}.sales VALUES (13, 13)");
        await SameAsync(db, destDb);
        await Src.ExecuteAsync(
            $"ALTER TABLE {db}.sales ADD TEMPORARY PARTITION tp2 VALUES [(\"10\"), (\"20\"))",
            $"ALTER TABLE {db}.sales REPLACE PARTITION (p2) WITH TEMPORARY PARTITION (tp2)",
            $"INSERT INTO {db}.other VALUES (3, 3)");
        await SameAsync(db, destDb);
        await Src.ExecuteAsync($"TRUNCATE TABLE {db}.other", $"INSERT INTO {db}.other VALUES (4, 4)");
        await SameAsync(db, destDb);
        Assert.Equal(1, TableSyncChecks.FullSyncs(_syncer));
    }

    [Fact]
    public async Task Rollups_and_inverted_indexes_follow_the_source()
    {
        var (db, destDb, _) = await StartAsync("dbr",
            DatabaseSyncChecks.Table("{db}", "events"), "INSERT INTO {db}.events VALUES (1, 1)");
        await Src.ExecuteAsync($"ALTER TABLE {db}.events ADD ROLLUP r1 (v, id)", $"INSERT INTO {db}.events VALUES (2, 2)");
        await SameAsync(db, destDb);
        await WaitForAsync(async () => (await RollupsAsync(Dest, destDb, "events")).Contains("r1"), "rollup r1 on the target");
        await Src.ExecuteAsync($"INSERT INTO {db}.events VALUES (20, 20)");
        await SameAsync(db, destDb);
        await Src.ExecuteAsync($"ALTER TABLE {db}.events RENAME ROLLUP r1 r2", $"INSERT INTO {db}.events VALUES (3, 3)");
        await SameAsync(db, destDb);
        await WaitForAsync(async () => (await RollupsAsync(Dest, destDb, "events")) is var r && r.Contains("r2") && !r.Contains("r1"), "rollup renamed to r2");
        await Src.ExecuteAsync($"ALTER TABLE {db}.events DROP ROLLUP r2", $"INSERT INTO {db}.events VALUES (4, 4)");
        await SameAsync(db, destDb);
        await WaitForAsync(async () => !(await RollupsAsync(Dest, destDb, "events")).Contains("r2"), "rollup r2 dropped");

        await Src.ExecuteAsync($"ALTER TABLE {db}.events ADD INDEX idx_v (v) USING INVERTED", $"INSERT INTO {db}.events VALUES (5, 5)");
        await SameAsync(db, destDb);
        await WaitForAsync(async () => (await IndexesAsync(Dest, destDb, "events")).Contains("idx_v"), "inverted index on the target");
        await Src.ExecuteAsync($"BUILD INDEX idx_v ON {db}.events", $"INSERT INTO {db}.events VALUES (6, 6)");
        await SameAsync(db, destDb);
        await Src.ExecuteAsync($"ALTER TABLE {db}.events DROP INDEX idx_v", $"INSERT INTO {db}.events VALUES (7, 7)");
        await SameAsync(db, destDb);
        await WaitForAsync(async () => !(await IndexesAsync(Dest, destDb, "events")).Contains("idx_v"), "inverted index dropped");
        // The finished rollup job resynced that one table, not the database.
        Assert.Equal(1, TableSyncChecks.FullSyncs(_syncer));
    }

    [Fact]
    public async Task Replaced_and_recovered_tables_and_partitions_reach_the_target()
    {
        var (db, destDb, _) = await StartAsync("dbx",
            DatabaseSyncChecks.Table("{db}", "a"), DatabaseSyncChecks.Table("{db}", "b"), DatabaseSyncChecks.Table("{db}", "c", partitioning: Ranges),
            "INSERT INTO {db}.a VALUES (1, 1)", "INSERT INTO {db}.b VALUES (2, 2), (3, 3)", "INSERT INTO {db}.c VALUES (4, 4), (14, 14)");
        await Src.ExecuteAsync($"ALTER TABLE {db}.a REPLACE WITH TABLE b PROPERTIES (\"swap\" = \"true\")", $"INSERT INTO {db}.a VALUES (5, 5)", $"INSERT INTO {db}.b VALUES (6, 6)");
        await SameAsync(db, destDb);
        await Src.ExecuteAsync($"ALTER TABLE {db}.a REPLACE WITH TABLE b PROPERTIES (\"swap\" = \"false\")", $"INSERT INTO {db}.a VALUES (7, 7)");
        await SameAsync(db, destDb);
        await Src.ExecuteAsync($"DROP TABLE {db}.c", $"INSERT INTO {db}.a VALUES (8, 8)");
        await SameAsync(db, destDb);
        await Src.ExecuteAsync($"RECOVER TABLE {db}.c", $"INSERT INTO {db}.c VALUES (9, 9)");
        await SameAsync(db, destDb);
        await Src.ExecuteAsync($"ALTER TABLE {db}.c DROP PARTITION p2", $"INSERT INTO {db}.c VALUES (1, 1)");
        await SameAsync(db, destDb);
        await Src.ExecuteAsync($"RECOVER PARTITION p2 FROM {db}.c", $"INSERT INTO {db}.c VALUES (15, 15)");
        await SameAsync(db, destDb);
        Assert.Equal(1, TableSyncChecks.FullSyncs(_syncer));
    }

    [Fact]
    public async Task Schema_changes_on_several_tables_while_paused_apply_every_load_exactly_once()
    {
        const string sum = "AGGREGATE KEY(id)";
        var (db, destDb, job) = await StartAsync("dbm",
            DatabaseSyncChecks.Table("{db}", "a", sum, "SUM"), DatabaseSyncChecks.Table("{db}", "b", sum, "SUM"),
            "INSERT INTO {db}.a VALUES (1, 1)", "INSERT INTO {db}.b VALUES (1, 1)");
        Assert.True((await _syncer.CallAsync("/pause", new { name = job })).GetProperty("success").GetBoolean());
        // A key column (a heavy schema change: a whole-table partial sync) on a, loads, then a light one on b, more loads.
        await Src.ExecuteAsync(
            $"ALTER TABLE {db}.a ADD COLUMN k2 INT KEY DEFAULT \"0\" AFTER id",
            $"INSERT INTO {db}.a (id, v) VALUES (1, 2)", $"INSERT INTO {db}.b VALUES (1, 2)",
            $"ALTER TABLE {db}.b ADD COLUMN c INT SUM DEFAULT \"0\"",
            $"INSERT INTO {db}.a (id, v) VALUES (1, 3)", $"INSERT INTO {db}.b (id, v) VALUES (1, 3)");
        Assert.True((await _syncer.CallAsync("/resume", new { name = job })).GetProperty("success").GetBoolean());
        await SameAsync(db, destDb);
        Assert.Equal(["6"], await Dest.QueryColumnAsync($"SELECT SUM(v) AS s FROM {destDb}.a", "s"));
        Assert.Equal(["6"], await Dest.QueryColumnAsync($"SELECT SUM(v) AS s FROM {destDb}.b", "s"));
        Assert.Equal(1, TableSyncChecks.FullSyncs(_syncer));
    }

    [Fact]
    public async Task A_conflicting_target_table_is_replaced_and_desync_and_delete_leave_the_target_readable()
    {
        var db = MiniDorisCluster.UniqueName("dbc");
        var destDb = MiniDorisCluster.UniqueName("dbc_bak");
        await DatabaseSyncChecks.CreateSourceAsync(Src, db, DatabaseSyncChecks.Table(db, "t1"), DatabaseSyncChecks.Table(db, "t2"),
            $"INSERT INTO {db}.t1 VALUES (1, 1)", $"INSERT INTO {db}.t2 VALUES (2, 2)");
        // The target already has a t1 with another schema and rows of its own.
        await Dest.ExecuteAsync($"CREATE DATABASE {destDb}",
            $"CREATE TABLE {destDb}.t1 (id INT, v INT, w VARCHAR(10)) UNIQUE KEY(id) DISTRIBUTED BY HASH(id) BUCKETS 1 PROPERTIES (\"replication_num\" = \"1\")",
            $"INSERT INTO {destDb}.t1 VALUES (9, 9, 'stale')");
        var job = MiniDorisCluster.UniqueName("dbc_job");
        await _syncer.CreateAsync(new { name = job, src = Src.Spec(db), dest = Dest.Spec(destDb) });
        await SameAsync(db, destDb);
        await Src.ExecuteAsync($"INSERT INTO {db}.t1 VALUES (3, 3)", $"INSERT INTO {db}.t2 VALUES (4, 4)");
        await SameAsync(db, destDb);

        Assert.True((await _syncer.CallAsync("/desync", new { name = job })).GetProperty("success").GetBoolean());
        foreach (var table in new[] { "t1", "t2" })
            Assert.Contains("\"is_being_synced\" = \"false\"", await Dest.ShowCreateTableAsync(destDb, table), StringComparison.Ordinal);
        Assert.True((await _syncer.CallAsync("/delete", new { name = job })).GetProperty("success").GetBoolean());
        await Src.ExecuteAsync($"INSERT INTO {db}.t1 VALUES (5, 5)");
        Assert.Equal(["1:1", "3:3"], await TableSyncChecks.RowsAsync(Dest, destDb, "t1"));
        Assert.Equal(["2:2", "4:4"], await TableSyncChecks.RowsAsync(Dest, destDb, "t2"));
    }

    private async Task<(string Db, string DestDb, string Job)> StartAsync(string prefix, params string[] statements)
    {
        var db = MiniDorisCluster.UniqueName(prefix);
        var destDb = MiniDorisCluster.UniqueName(prefix + "_bak");
        var job = MiniDorisCluster.UniqueName(prefix + "_job");
        await DatabaseSyncChecks.CreateSourceAsync(Src, db, [.. statements.Select(s => s.Replace("{db}", db, StringComparison.Ordinal))]);
        await _syncer.CreateAsync(new { name = job, src = Src.Spec(db), dest = Dest.Spec(destDb) });
        await SameAsync(db, destDb);
        return (db, destDb, job);
    }

    private Task SameAsync(string db, string destDb) => DatabaseSyncChecks.WaitSameAsync(Src, db, Dest, destDb, () => _syncer.Log.Text);

    private async Task WaitForAsync(Func<Task<bool>> condition, string what)
    {
        try
        {
            await Eventually.UntilAsync(condition, TableSyncChecks.Patience, what);
        }
        catch (TimeoutException)
        {
            Assert.Fail($"{what} never happened\n{_syncer.Log.Text}");
        }
    }

    private static async Task<IReadOnlyList<string?>> PartitionsAsync(MiniDorisCluster cluster, string db, string table) =>
        await cluster.QueryColumnAsync($"SHOW PARTITIONS FROM {MySqlQuote.Identifier(db)}.{MySqlQuote.Identifier(table)}", "PartitionName");

    private static async Task<IReadOnlyList<string?>> RollupsAsync(MiniDorisCluster cluster, string db, string table) =>
        await cluster.QueryColumnAsync($"DESC {MySqlQuote.Identifier(db)}.{MySqlQuote.Identifier(table)} ALL", "IndexName");

    private static async Task<IReadOnlyList<string?>> IndexesAsync(MiniDorisCluster cluster, string db, string table) =>
        await cluster.QueryColumnAsync($"SHOW INDEX FROM {MySqlQuote.Identifier(db)}.{MySqlQuote.Identifier(table)}", "Key_name");
}
