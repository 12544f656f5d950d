namespace MiniDoris.Tests;

/// <summary>Several BEs per cluster: replicas on distinct BEs, tablets spread over all of them.</summary>
public sealed class TopologyTests : IDisposable
{
    private readonly EngineHarness _h = new(backends: 3);

    public void Dispose() => _h.Dispose();

    [Fact]
    public void Replicas_sit_on_distinct_backends_and_tablets_spread_over_all()
    {
        _h.Sql("CREATE DATABASE topo");
        _h.Sql("CREATE TABLE topo.r3 (k INT) DUPLICATE KEY(k) DISTRIBUTED BY HASH(k) BUCKETS 6 PROPERTIES (\"replication_num\" = \"3\")");
        _h.Sql("CREATE TABLE topo.r1 (k INT) DUPLICATE KEY(k) DISTRIBUTED BY HASH(k) BUCKETS 6 PROPERTIES (\"replication_num\" = \"1\")");
        var dbId = _h.Rows("show proc '/dbs/'").Single(r => r[1] == "topo")[0];
        var backends = _h.Rows("SHOW BACKENDS").Select(r => r[0]).ToList();
        Assert.Equal(3, backends.Count);
        foreach (var (table, replicas) in new[] { ("r3", 3), ("r1", 1) })
        {
            var tableId = _h.Rows($"show proc '/dbs/{dbId}/'").Single(r => r[1] == table)[0];
            var partition = _h.Rows($"show proc '/dbs/{dbId}/{tableId}/partitions'").Single()[0];
            var index = _h.Rows($"show proc '/dbs/{dbId}/{tableId}/partitions/{partition}'").Single()[0];
            var rs = _h.Sql($"show proc '/dbs/{dbId}/{tableId}/partitions/{partition}/{index}'");
            var byTablet = rs.Rows.GroupBy(r => r[rs.ColumnIndex("TabletId")]).ToList();
            Assert.Equal(6, byTablet.Count);
            Assert.All(byTablet, g => Assert.Equal(replicas, g.Select(r => r[rs.ColumnIndex("BackendId")]).Distinct().Count()));
            Assert.Equal(backends.Order(), rs.Rows.Select(r => r[rs.ColumnIndex("BackendId")]).Distinct().Order());
        }

        Assert.Contains("Failed to find enough backend",
            _h.Fails("CREATE TABLE topo.r4 (k INT) DUPLICATE KEY(k) DISTRIBUTED BY HASH(k) BUCKETS 1 PROPERTIES (\"replication_num\" = \"4\")").Message);
    }
}
