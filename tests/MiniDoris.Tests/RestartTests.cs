using MiniDoris.Fe.Rpc;

namespace MiniDoris.Tests;

/// <summary>With a data directory, a restart keeps the catalog, data, binlogs, transactions, ids and commit seqs.</summary>
public sealed class RestartTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "minidoris-restart-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_dir))
        {
            Directory.Delete(_dir, recursive: true);
        }
    }

    [Fact]
    public void Everything_survives_a_restart()
    {
        using var h = new EngineHarness(backends: 2, dataDir: _dir);
        h.Sql("""CREATE DATABASE persist PROPERTIES ("binlog.enable" = "true"); USE persist""");
        h.Sql("""
            CREATE TABLE t (k INT, v VARCHAR(10)) UNIQUE KEY(k)
            PARTITION BY RANGE(k) (PARTITION p1 VALUES LESS THAN (100))
            DISTRIBUTED BY HASH(k) BUCKETS 2 PROPERTIES ("replication_num" = "2")
            """);
        h.Sql("INSERT INTO t VALUES (1, 'one'), (2, 'two')");
        h.Sql("INSERT INTO t VALUES (1, 'uno')");
        h.Sql("CREATE USER 'reader'@'%' IDENTIFIED BY 'secret'");
        h.Sql("""ADMIN SET FRONTEND CONFIG ("binlog_gc_interval_second" = "30")""");
        var binlogsBefore = BinlogReader.All(h, "persist");
        var createBefore = h.Rows("SHOW CREATE TABLE t")[0][1];
        var partitionsBefore = h.Lines("SHOW PARTITIONS FROM t");
        var tokenBefore = h.Cluster.Frontend.GetMasterToken("root", string.Empty).Token;
        var label = BinlogReader.Data(binlogsBefore[^1]).GetProperty("label").GetString();
        var txnId = BinlogReader.Data(binlogsBefore[^1]).GetProperty("txnId").GetInt64();

        h.Restart();

        h.Sql("USE persist");
        Assert.Equal(["1|uno", "2|two"], h.Lines("SELECT * FROM t ORDER BY k"));
        Assert.Equal(createBefore, h.Rows("SHOW CREATE TABLE t")[0][1]);
        Assert.Equal(partitionsBefore.Select(StripTimes), h.Lines("SHOW PARTITIONS FROM t").Select(StripTimes));
        var binlogsAfter = BinlogReader.All(h, "persist");
        Assert.Equal(binlogsBefore.Select(b => (b.CommitSeq, b.Type, b.Data)), binlogsAfter.Select(b => (b.CommitSeq, b.Type, b.Data)));
        Assert.Equal(tokenBefore, h.Cluster.Frontend.GetMasterToken("root", string.Empty).Token);
        Assert.True(h.Cluster.CheckPassword("reader", "secret"));
        Assert.Equal("30", h.Rows("ADMIN SHOW FRONTEND CONFIG LIKE 'binlog_gc_interval_second'")[0][1]);
        Assert.Equal("VISIBLE", h.Sql($"SHOW TRANSACTION FROM persist WHERE id = {txnId}").Value(0, "TransactionStatus"));
        Assert.Equal(label, h.Sql($"SHOW TRANSACTION FROM persist WHERE id = {txnId}").Value(0, "Label"));

        // Counters continue: new commit seqs, catalog ids and txn ids are larger than before the restart.
        h.Sql("INSERT INTO t VALUES (3, 'three')");
        var next = BinlogReader.All(h, "persist", prev: binlogsBefore[^1].CommitSeq);
        Assert.True(Assert.Single(next).CommitSeq > binlogsBefore[^1].CommitSeq);
        Assert.True(BinlogReader.Data(next[0]).GetProperty("txnId").GetInt64() > txnId);
        var oldTableId = binlogsBefore[0].TableIds[0];
        h.Sql("""CREATE TABLE t2 (k INT) DUPLICATE KEY(k) DISTRIBUTED BY HASH(k) BUCKETS 1 PROPERTIES ("replication_num" = "1")""");
        var meta = h.Cluster.Frontend.GetMeta(new MetaRequest { User = "root", Passwd = string.Empty, DbName = "persist" }).Db!;
        Assert.True(meta.Tables.Single(t => t.Name == "t2").Id > oldTableId);
        Assert.Equal(2, h.Rows("SHOW BACKENDS").Count);
    }

    private static string StripTimes(string line)
    {
        var cells = line.Split('|');
        cells[3] = string.Empty;
        return string.Join("|", cells);
    }

    [Fact]
    public async Task The_recycle_bin_and_secondary_indexes_survive_a_restart_and_expire()
    {
        using var h = new EngineHarness(backends: 1, dataDir: _dir);
        h.Sql("""CREATE DATABASE bin PROPERTIES ("binlog.enable" = "true"); USE bin""");
        h.Sql("""
            CREATE TABLE t (k INT, v VARCHAR(10), INDEX iv (v) USING INVERTED) DUPLICATE KEY(k)
            PARTITION BY RANGE(k) (PARTITION p1 VALUES LESS THAN (10), PARTITION p2 VALUES LESS THAN (20))
            DISTRIBUTED BY HASH(k) BUCKETS 1 PROPERTIES ("replication_num" = "1")
            """);
        h.Sql("INSERT INTO t VALUES (1, 'a'), (15, 'b')");
        h.Sql("ALTER TABLE t DROP PARTITION p2");
        h.Sql("CREATE TABLE t2 (k INT) DUPLICATE KEY(k) DISTRIBUTED BY HASH(k) BUCKETS 1 PROPERTIES (\"replication_num\" = \"1\")");
        h.Sql("INSERT INTO t2 VALUES (7)");
        h.Sql("DROP TABLE t2");

        h.Restart();

        h.Sql("USE bin");
        Assert.Contains("INDEX iv (`v`) USING INVERTED", h.Rows("SHOW CREATE TABLE t")[0][1]);
        h.Sql("RECOVER PARTITION p2 FROM t");
        Assert.Equal(["1|a", "15|b"], h.Lines("SELECT * FROM t ORDER BY k"));

        // What is left in the bin is erased once catalog_trash_expire_second (one day) has passed.
        h.Time.Advance(TimeSpan.FromDays(1) + TimeSpan.FromSeconds(1));
        await h.Cluster.RunDaemonsOnceAsync();
        Assert.Contains("Unknown table 't2'", h.Fails("RECOVER TABLE t2").Message);
    }
}
