using System.Globalization;
using MiniDoris.Fe.Binlog;
using MiniDoris.Fe.Rpc;
using Syncer.Doris.Thrift;

namespace MiniDoris.Tests;

/// <summary>Binlog GC by count, age and size, and the DUMMY that marks the horizon (docs/minidoris.md, "Binlogs").</summary>
public sealed class BinlogGcTests : IDisposable
{
    private readonly EngineHarness _h = new();

    public void Dispose() => _h.Dispose();

    private void Setup(string dbProperties)
    {
        _h.Sql($"CREATE DATABASE g PROPERTIES ({dbProperties}); USE g");
        _h.Sql("""CREATE TABLE t (k INT, v INT) DUPLICATE KEY(k) DISTRIBUTED BY HASH(k) BUCKETS 1 PROPERTIES ("replication_num" = "1")""");
        for (var i = 0; i < 5; i++)
        {
            _h.Sql($"INSERT INTO t VALUES ({i}, {i})");
        }
    }

    [Fact]
    public void Max_history_nums_trims_the_head_and_moves_the_dummy()
    {
        Setup("\"binlog.enable\" = \"true\", \"binlog.max_history_nums\" = \"2\"");
        var before = BinlogReader.All(_h, "g");
        Assert.Equal(6, before.Count);
        _h.Cluster.RunBinlogGc();

        var tooOld = BinlogReader.Get(_h, "g", 0);
        Assert.Equal(StatusCode.BinlogTooOldCommitSeq, tooOld.Status.Code);
        var dummy = Assert.Single(tooOld.Binlogs);
        Assert.Equal(TBinlogType.DUMMY, dummy.Type);
        Assert.Equal(-1, dummy.Belong);
        Assert.Equal(before[3].CommitSeq, dummy.CommitSeq);

        var rest = BinlogReader.All(_h, "g", prev: dummy.CommitSeq);
        Assert.Equal(before.Skip(4).Select(b => b.CommitSeq), rest.Select(b => b.CommitSeq));

        // The table list is trimmed to the same horizon and its dummy carries the table id.
        var tableDummy = Assert.Single(BinlogReader.Get(_h, "g", 0, "t").Binlogs);
        Assert.Equal(TBinlogType.DUMMY, tableDummy.Type);
        Assert.Equal(before[3].CommitSeq, tableDummy.CommitSeq);
        Assert.Equal(before[1].TableIds[0], tableDummy.Belong);
    }

    [Fact]
    public void Ttl_expires_binlogs_older_than_the_window()
    {
        Setup("\"binlog.enable\" = \"true\", \"binlog.ttl_seconds\" = \"60\"");
        _h.Cluster.RunBinlogGc();
        Assert.Equal(StatusCode.Ok, BinlogReader.Get(_h, "g", 0).Status.Code);

        _h.Time.Advance(TimeSpan.FromSeconds(30));
        _h.Sql("INSERT INTO t VALUES (100, 100)");
        var last = BinlogReader.All(_h, "g")[^1];
        _h.Time.Advance(TimeSpan.FromSeconds(45));
        _h.Cluster.RunBinlogGc();

        // Everything older than 60 s went; the load made 45 s ago stays.
        var tooOld = BinlogReader.Get(_h, "g", 0);
        Assert.Equal(StatusCode.BinlogTooOldCommitSeq, tooOld.Status.Code);
        var remaining = BinlogReader.All(_h, "g", prev: tooOld.Binlogs[0].CommitSeq);
        Assert.Equal([last.CommitSeq], remaining.Select(b => b.CommitSeq));
    }

    [Fact]
    public void Max_bytes_keeps_the_list_under_the_cap()
    {
        Setup("\"binlog.enable\" = \"true\", \"binlog.max_bytes\" = \"1\"");
        _h.Cluster.RunBinlogGc();
        var dummy = Assert.Single(BinlogReader.Get(_h, "g", 0).Binlogs);
        Assert.Equal(StatusCode.BinlogTooNewCommitSeq, BinlogReader.Get(_h, "g", dummy.CommitSeq).Status.Code);
        var lag = _h.Cluster.Frontend.GetBinlogLag(new BinlogRequest { User = "root", Passwd = string.Empty, Db = "g", PrevCommitSeq = 0 });
        Assert.Equal(1, lag.Lag!.Lag);
        Assert.Equal(dummy.CommitSeq, lag.Lag.FirstCommitSeq);
    }

    [Fact]
    public void Table_level_gc_when_the_database_has_binlog_off()
    {
        _h.Sql("CREATE DATABASE g; USE g");
        _h.Sql("""CREATE TABLE t (k INT) DUPLICATE KEY(k) DISTRIBUTED BY HASH(k) BUCKETS 1 PROPERTIES ("replication_num" = "1", "binlog.enable" = "true", "binlog.max_history_nums" = "1")""");
        _h.Sql("INSERT INTO t VALUES (1); INSERT INTO t VALUES (2); INSERT INTO t VALUES (3)");
        var before = BinlogReader.All(_h, "g", "t");
        _h.Cluster.RunBinlogGc();
        var dummy = Assert.Single(BinlogReader.Get(_h, "g", 0, "t").Binlogs);
        Assert.Equal(before[1].CommitSeq, dummy.CommitSeq);
        Assert.Equal([before[2].CommitSeq], BinlogReader.All(_h, "g", "t", dummy.CommitSeq).Select(b => b.CommitSeq));
    }

    [Fact]
    public void Garbage_collected_versions_are_gone_from_the_backend()
    {
        Setup("\"binlog.enable\" = \"true\", \"binlog.max_history_nums\" = \"1\"");
        var meta = _h.Cluster.Frontend.GetMeta(new MetaRequest { User = "root", Passwd = string.Empty, DbName = "g" }).Db!;
        var tablet = meta.Tables[0].Partitions[0].Indexes[0].Tablets[0];
        var backend = tablet.Replicas[0].BackendId;
        Assert.Equal(200, _h.Cluster.Backend.GetBinlogInfo(backend, tablet.Id, 2).StatusCode);
        _h.Cluster.RunBinlogGc();
        Assert.Equal(404, _h.Cluster.Backend.GetBinlogInfo(backend, tablet.Id, 2).StatusCode);
        Assert.Equal(200, _h.Cluster.Backend.GetBinlogInfo(backend, tablet.Id, 6).StatusCode);
        Assert.Equal("6", meta.Tables[0].Partitions[0].VisibleVersion.ToString(CultureInfo.InvariantCulture));
    }
    [Fact]
    public void Gc_of_non_upsert_binlogs_survives_a_failed_statement_and_a_restart()
    {
        var dir = Path.Combine(Path.GetTempPath(), "minidoris-gc-" + Guid.NewGuid().ToString("N"));
        try
        {
            using var h = new EngineHarness(dataDir: dir);
            h.Sql("""CREATE DATABASE g PROPERTIES ("binlog.enable" = "true", "binlog.max_history_nums" = "1"); USE g""");
            h.Sql("""CREATE TABLE t1 (k INT) DUPLICATE KEY(k) DISTRIBUTED BY HASH(k) BUCKETS 1 PROPERTIES ("replication_num" = "1")""");
            h.Sql("""CREATE TABLE t2 (k INT) DUPLICATE KEY(k) DISTRIBUTED BY HASH(k) BUCKETS 1 PROPERTIES ("replication_num" = "1")""");
            var before = BinlogReader.All(h, "g");
            Assert.Equal([TBinlogType.CREATE_TABLE, TBinlogType.CREATE_TABLE], before.Select(b => b.Type));
            h.Cluster.RunBinlogGc();
            Assert.Equal(before[0].CommitSeq, Assert.Single(BinlogReader.Get(h, "g", 0).Binlogs).CommitSeq);

            // A failed statement reloads the saved state; the GC horizon must be part of it.
            h.Fails("SELECT * FROM no_such_table");
            var afterFailure = BinlogReader.Get(h, "g", 0);
            Assert.Equal(StatusCode.BinlogTooOldCommitSeq, afterFailure.Status.Code);
            Assert.Equal(before[0].CommitSeq, Assert.Single(afterFailure.Binlogs).CommitSeq);

            h.Restart();
            var afterRestart = BinlogReader.Get(h, "g", 0);
            Assert.Equal(StatusCode.BinlogTooOldCommitSeq, afterRestart.Status.Code);
            Assert.Equal(before[0].CommitSeq, Assert.Single(afterRestart.Binlogs).CommitSeq);
        }
        finally
        {
            if (Directory.Exists(dir))
            {
                Directory.Delete(dir, recursive: true);
            }
        }
    }

    [Fact]
    public void Recycle_immediately_expires_everything_on_db_level_gc()
    {
        Setup("\"binlog.enable\" = \"true\"");
        var last = BinlogReader.All(_h, "g")[^1];
        _h.Sql("""ADMIN SET FRONTEND CONFIG ("enable_recycle_binlog_immediately" = "true")""");
        _h.Cluster.RunBinlogGc();
        var dummy = Assert.Single(BinlogReader.Get(_h, "g", 0).Binlogs);
        Assert.Equal(last.CommitSeq, dummy.CommitSeq);
        Assert.Equal(StatusCode.BinlogTooNewCommitSeq, BinlogReader.Get(_h, "g", dummy.CommitSeq).Status.Code);
    }
}
