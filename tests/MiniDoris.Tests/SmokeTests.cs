namespace MiniDoris.Tests;

public sealed class SmokeTests
{
    [Fact]
    public void CreateInsertSelect()
    {
        using var h = new EngineHarness();
        h.Sql("CREATE DATABASE db1");
        h.Sql("USE db1");
        h.Sql("CREATE TABLE t (k INT, v VARCHAR(10)) DUPLICATE KEY(k) DISTRIBUTED BY HASH(k) BUCKETS 3 PROPERTIES (\"replication_num\" = \"1\")");
        h.Sql("INSERT INTO t VALUES (1, 'a'), (2, 'b')");
        Assert.Equal(["1|a", "2|b"], h.Lines("SELECT * FROM t ORDER BY k"));
    }
}
