using Syncer.Tests.Support;
using Syncer.Wire.MySql;

namespace Syncer.Tests.Engine;

/// <summary>
/// A table job doing its work end to end: the syncer service (real Kestrel, real engine) between two minidoris
/// processes. Rows written on the source before the job exist on the target after its full sync; rows written after
/// arrive through incremental sync; the target ends equal to the source row for row.
/// </summary>
[Trait("Category", "EndToEnd")]
public sealed class TableSyncEndToEndTests(MiniDorisPair doris) : IClassFixture<MiniDorisPair>, IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);
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
        await Src.ExecuteAsync(
            $"CREATE DATABASE {db}",
            $"CREATE TABLE {db}.orders (id INT, v INT {aggregate}) {model} DISTRIBUTED BY HASH(id) BUCKETS 2 PROPERTIES (\"replication_num\" = \"1\", {MiniDorisCluster.BinlogOn})",
            $"INSERT INTO {db}.orders VALUES (1, 10), (2, 20)");
        var job = MiniDorisCluster.UniqueName("orders_sync");
        await _syncer.CreateAsync(new { name = job, src = Src.Spec(db, "orders"), dest = Dest.Spec(destDb, "orders") });

        await WaitEqualAsync(db, destDb, "orders");
        await Src.ExecuteAsync($"INSERT INTO {db}.orders VALUES (3, 30), (1, 5)", $"INSERT INTO {db}.orders VALUES (4, 40)");
        await WaitEqualAsync(db, destDb, "orders");
        var status = await _syncer.CallAsync("/job_status", new { name = job });
        Assert.Equal("TableIncrementalSync", status.GetProperty("status").GetProperty("progress_state").GetString());
    }

    private async Task WaitEqualAsync(string srcDb, string destDb, string table)
    {
        var sql = $"SELECT id, v FROM {{0}}.{MySqlQuote.Identifier(table)} ORDER BY id, v";
        IReadOnlyList<string> expected = [];
        IReadOnlyList<string> actual = [];
        try
        {
            await Eventually.UntilAsync(async () =>
            {
                expected = await RowsAsync(Src, string.Format(System.Globalization.CultureInfo.InvariantCulture, sql, MySqlQuote.Identifier(srcDb)));
                try
                {
                    actual = await RowsAsync(Dest, string.Format(System.Globalization.CultureInfo.InvariantCulture, sql, MySqlQuote.Identifier(destDb)));
                }
                catch (MySqlException)
                {
                    return false;
                }
                return expected.SequenceEqual(actual);
            }, Patience, $"{destDb}.{table} equal to {srcDb}.{table}");
        }
        catch (TimeoutException)
        {
            Assert.Fail($"target rows [{string.Join(" ", actual)}] != source rows [{string.Join(" ", expected)}]\n{_syncer.Log.Text}");
        }
    }

    private static async Task<IReadOnlyList<string>> RowsAsync(MiniDorisCluster cluster, string sql)
    {
        var ids = await cluster.QueryColumnAsync(sql, "id");
        var values = await cluster.QueryColumnAsync(sql, "v");
        return ids.Zip(values, (i, v) => $"{i}:{v}").ToList();
    }
}
