using Syncer.Doris.Sql;
using Syncer.Tests.Support;

namespace Syncer.Tests.Engine;

/// <summary>
/// Table DDL on the source reaches the target of a running table job, through the syncer service between two
/// minidoris processes: partitions added, dropped, truncated and replaced, columns added, dropped and renamed,
/// comments and properties — with loads in between, and without a full sync where Doris allows one to be avoided.
/// After each change the target has the source's columns, partitions and rows.
/// </summary>
[Trait("Category", "EndToEnd")]
public sealed class TableDdlEndToEndTests(MiniDorisPair doris) : IClassFixture<MiniDorisPair>, IAsyncLifetime
{
    private RunningSyncer _syncer = null!;
    private string _db = "";
    private string _destDb = "";
    private string _job = "";

    private MiniDorisCluster Src => doris.Src;

    private MiniDorisCluster Dest => doris.Dest;

    public async Task InitializeAsync()
    {
        _syncer = await RunningSyncer.StartAsync();
        _db = MiniDorisCluster.UniqueName("ddl");
        _destDb = MiniDorisCluster.UniqueName("ddl_bak");
        _job = MiniDorisCluster.UniqueName("ddl_sync");
        await Src.ExecuteAsync(
            $"CREATE DATABASE {_db}",
            $"CREATE TABLE {_db}.sales (id INT, v INT) DUPLICATE KEY(id) PARTITION BY RANGE(id) "
            + "(PARTITION p1 VALUES LESS THAN (10), PARTITION p2 VALUES LESS THAN (20)) DISTRIBUTED BY HASH(id) BUCKETS 2 "
            + $"PROPERTIES (\"replication_num\" = \"1\", {MiniDorisCluster.BinlogOn})",
            $"INSERT INTO {_db}.sales VALUES (1, 1), (11, 11)");
        await _syncer.CreateAsync(new { name = _job, src = Src.Spec(_db, "sales"), dest = Dest.Spec(_destDb, "sales") });
        await WaitSameAsync();
    }

    public async Task DisposeAsync() => await _syncer.DisposeAsync();

    [Fact]
    public async Task Partition_changes_replicate_without_a_full_sync()
    {
        await Src.ExecuteAsync($"ALTER TABLE {_db}.sales ADD PARTITION p3 VALUES LESS THAN (30)", $"INSERT INTO {_db}.sales VALUES (21, 21), (2, 2)");
        await WaitSameAsync();
        await Src.ExecuteAsync($"ALTER TABLE {_db}.sales DROP PARTITION p1", $"INSERT INTO {_db}.sales VALUES (12, 12)");
        await WaitSameAsync();
        await Src.ExecuteAsync($"TRUNCATE TABLE {_db}.sales PARTITION (p2)", $"INSERT INTO {_db}.sales VALUES (13, 13)");
        await WaitSameAsync();
        await Src.ExecuteAsync($"TRUNCATE TABLE {_db}.sales", $"INSERT INTO {_db}.sales VALUES (22, 22)");
        await WaitSameAsync();
        Assert.Equal(1, TableSyncChecks.FullSyncs(_syncer));
    }

    [Fact]
    public async Task Column_comment_and_property_changes_replicate_without_a_full_sync()
    {
        await Src.ExecuteAsync($"ALTER TABLE {_db}.sales ADD COLUMN c INT NULL", $"INSERT INTO {_db}.sales VALUES (3, 3, 30)");
        await WaitSameAsync();
        await Src.ExecuteAsync($"ALTER TABLE {_db}.sales RENAME COLUMN c c2", $"INSERT INTO {_db}.sales VALUES (4, 4, 40)");
        await WaitSameAsync();
        await Src.ExecuteAsync($"ALTER TABLE {_db}.sales DROP COLUMN c2", $"INSERT INTO {_db}.sales VALUES (5, 5)");
        await WaitSameAsync();
        await Src.ExecuteAsync($"ALTER TABLE {_db}.sales MODIFY COMMENT 'sales of the day'", $"ALTER TABLE {_db}.sales MODIFY COLUMN v COMMENT 'value'");
        await Src.ExecuteAsync($"INSERT INTO {_db}.sales VALUES (6, 6)");
        await WaitSameAsync();
        Assert.Contains("sales of the day", await Dest.ShowCreateTableAsync(_destDb, "sales"), StringComparison.Ordinal);
        Assert.Equal(await Src.ShowCreateTableAsync(_db, "sales"), (await Dest.ShowCreateTableAsync(_destDb, "sales")).Replace("\"is_being_synced\" = \"true\"", "\"is_being_synced\" = \"false\"", StringComparison.Ordinal));
        Assert.Equal(1, TableSyncChecks.FullSyncs(_syncer));
    }

    [Fact]
    public async Task A_replaced_partition_is_synced_again_and_loads_elsewhere_are_kept()
    {
        await Src.ExecuteAsync($"INSERT INTO {_db}.sales VALUES (2, 2), (12, 12)");
        await WaitSameAsync();
        // INSERT OVERWRITE: Doris loads temporary partitions and swaps them in (REPLACE_PARTITIONS).
        await Src.ExecuteAsync($"INSERT OVERWRITE TABLE {_db}.sales PARTITION (p1) VALUES (7, 70), (8, 80)", $"INSERT INTO {_db}.sales VALUES (14, 14), (9, 90)");
        await WaitSameAsync();
        // A strict-range replace with an (empty) temporary partition.
        await Src.ExecuteAsync(
            $"ALTER TABLE {_db}.sales ADD TEMPORARY PARTITION tp2 VALUES [(\"10\"), (\"20\"))",
            $"ALTER TABLE {_db}.sales REPLACE PARTITION (p2) WITH TEMPORARY PARTITION (tp2)",
            $"INSERT INTO {_db}.sales VALUES (15, 15), (3, 3)");
        await WaitSameAsync();
    }

    /// <summary>Until the target table has the source's columns, partitions and rows.</summary>
    private async Task WaitSameAsync()
    {
        (string Columns, string Partitions, string Rows) source = default, target = default;
        try
        {
            await Eventually.UntilAsync(async () =>
            {
                source = await DescribeAsync(Src, _db);
                try
                {
                    target = await DescribeAsync(Dest, _destDb);
                }
                catch (DorisSqlException)
                {
                    return false;
                }
                return source == target;
            }, TableSyncChecks.Patience, "the target to match the source");
        }
        catch (TimeoutException)
        {
            Assert.Fail($"target {target} != source {source}\n{_syncer.Log.Text}");
        }
    }

    private static async Task<(string Columns, string Partitions, string Rows)> DescribeAsync(MiniDorisCluster cluster, string db)
    {
        var columns = await cluster.QueryRowsAsync($"DESC {db}.sales");
        var partitions = await cluster.QueryColumnAsync($"SHOW PARTITIONS FROM {db}.sales", "PartitionName");
        var rows = await cluster.QueryRowsAsync($"SELECT * FROM {db}.sales ORDER BY 1, 2");
        return (string.Join(";", columns), string.Join(",", partitions.Order(StringComparer.Ordinal)), string.Join(" ", rows));
    }
}
