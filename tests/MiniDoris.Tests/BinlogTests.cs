using System.Text.Json;
using MiniDoris.Fe.Binlog;
using MiniDoris.Fe.Rpc;
using Syncer.Doris.Thrift;

namespace MiniDoris.Tests;

/// <summary>Binlog recording and reading: types, payloads, lists, gating, commit seqs (docs/minidoris.md, "Binlogs").</summary>
public sealed class BinlogTests : IDisposable
{
    private readonly EngineHarness _h = new();

    public BinlogTests()
    {
        _h.Sql("""CREATE DATABASE src PROPERTIES ("binlog.enable" = "true"); USE src""");
    }

    public void Dispose() => _h.Dispose();

    private long TableId(string table) => long.Parse(_h.Rows("SHOW PROC '/dbs/" + DbId() + "'").First(r => r[1] == table)[0]!);

    private string DbId() => _h.Rows("SHOW PROC '/dbs/'").First(r => r[1] == "src")[0]!;

    private void CreateRangeTable(string name = "t1")
    {
        _h.Sql($"""
            CREATE TABLE {name} (k INT, v INT) UNIQUE KEY(k)
            PARTITION BY RANGE(k) (PARTITION p1 VALUES LESS THAN (10), PARTITION p2 VALUES LESS THAN (20))
            DISTRIBUTED BY HASH(k) BUCKETS 2 PROPERTIES ("replication_num" = "1")
            """);
    }

    [Fact]
    public void Create_table_is_recorded_in_the_db_list_only_with_its_show_create_text()
    {
        CreateRangeTable();
        var binlogs = BinlogReader.All(_h, "src");
        var create = Assert.Single(binlogs);
        Assert.Equal(TBinlogType.CREATE_TABLE, create.Type);
        var data = BinlogReader.Data(create);
        Assert.Equal(create.CommitSeq, data.GetProperty("commitSeq").GetInt64());
        Assert.Equal("t1", data.GetProperty("tableName").GetString());
        Assert.Equal("src", data.GetProperty("dbName").GetString());
        Assert.Equal(_h.Rows("SHOW CREATE TABLE t1")[0][1], data.GetProperty("sql").GetString());
        Assert.Contains("\"binlog.enable\" = \"true\"", data.GetProperty("sql").GetString());
        Assert.Equal([TableId("t1")], create.TableIds);
        Assert.Null(create.Belong);
        Assert.Equal(0, create.TableRef);

        // Not in the table list: the table list does not even exist until a table-scoped binlog arrives.
        Assert.Equal(StatusCode.BinlogNotFoundTable, BinlogReader.Get(_h, "src", 0, "t1").Status.Code);
    }

    [Fact]
    public void Upsert_carries_partition_ranges_versions_and_index_ids()
    {
        CreateRangeTable();
        _h.Sql("INSERT INTO t1 VALUES (1, 1), (15, 15)");
        _h.Sql("INSERT INTO t1 VALUES (2, 2)");
        var upserts = BinlogReader.All(_h, "src", "t1");
        Assert.Equal(2, upserts.Count);
        Assert.All(upserts, b => Assert.Equal(TBinlogType.UPSERT, b.Type));
        var first = BinlogReader.Data(upserts[0]);
        var tableId = TableId("t1");
        var record = first.GetProperty("tableRecords").GetProperty(tableId.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var partitions = record.GetProperty("partitionRecords").EnumerateArray().OrderBy(p => p.GetProperty("range").GetString()).ToList();
        Assert.Equal(2, partitions.Count);
        Assert.Equal("[types: [INT]; keys: [-2147483648]; ..types: [INT]; keys: [10]; )", partitions[0].GetProperty("range").GetString());
        Assert.Equal(2, partitions[0].GetProperty("version").GetInt64());
        Assert.False(partitions[0].GetProperty("isTempPartition").GetBoolean());
        var meta = _h.Cluster.Frontend.GetMeta(new MetaRequest { User = "root", Passwd = string.Empty, DbName = "src" });
        var baseIndex = meta.Db!.Tables.Single(t => t.Name == "t1").Partitions[0].Indexes.Single().Id;
        Assert.Equal([baseIndex], record.GetProperty("indexIds").EnumerateArray().Select(e => e.GetInt64()));
        Assert.Equal(upserts[0].CommitSeq, first.GetProperty("commitSeq").GetInt64());
        Assert.False(string.IsNullOrEmpty(first.GetProperty("label").GetString()));

        // The second load touched only p1, which moves to version 3.
        var second = BinlogReader.Data(upserts[1]).GetProperty("tableRecords").GetProperty(tableId.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var p = Assert.Single(second.GetProperty("partitionRecords").EnumerateArray());
        Assert.Equal(3, p.GetProperty("version").GetInt64());
    }

    [Fact]
    public void Commit_seqs_are_strictly_increasing_with_gaps()
    {
        CreateRangeTable();
        _h.Sql("INSERT INTO t1 VALUES (1, 1)");
        _h.Sql("INSERT INTO t1 VALUES (2, 2)");
        _h.Sql("ALTER TABLE t1 ADD COLUMN c INT NULL");
        var all = BinlogReader.All(_h, "src");
        Assert.Equal(4, all.Count);
        for (var i = 1; i < all.Count; i++)
        {
            Assert.True(all[i].CommitSeq > all[i - 1].CommitSeq);
        }

        // A load writes PREPARE and COMMITTED journal entries before its VISIBLE one: the seqs cannot be dense.
        Assert.True(all[1].CommitSeq - all[0].CommitSeq > 1);
        Assert.True(all[2].CommitSeq - all[1].CommitSeq > 1);
    }

    [Fact]
    public void Every_alter_operation_records_its_type()
    {
        CreateRangeTable();
        CreateRangeTable("t2");
        _h.Sql("ALTER TABLE t1 ADD PARTITION p3 VALUES LESS THAN (30)");
        _h.Sql("ALTER TABLE t1 DROP PARTITION p3");
        _h.Sql("ALTER TABLE t1 ADD COLUMN c1 INT NULL COMMENT 'x'");
        _h.Sql("ALTER TABLE t1 DROP COLUMN c1");
        _h.Sql("ALTER TABLE t1 RENAME COLUMN v v2");
        _h.Sql("ALTER TABLE t1 MODIFY COLUMN v2 COMMENT 'value'");
        _h.Sql("ALTER TABLE t1 MODIFY COMMENT 'table comment'");
        _h.Sql("ALTER TABLE t1 SET (\"binlog.ttl_seconds\" = \"3600\")");
        _h.Sql("ALTER TABLE t1 RENAME PARTITION p2 p2_new");
        _h.Sql("TRUNCATE TABLE t1 PARTITIONS (p1)");
        _h.Sql("ALTER TABLE t1 RENAME t1_new");
        _h.Sql("ALTER TABLE t1_new MODIFY COLUMN v2 BIGINT NULL");
        _h.Sql("ALTER TABLE t1_new REPLACE WITH TABLE t2 PROPERTIES (\"swap\" = \"true\")");
        _h.Sql("ALTER DATABASE src SET PROPERTIES (\"binlog.ttl_seconds\" = \"7200\")");
        _h.Sql("DROP TABLE t2");
        var types = BinlogReader.All(_h, "src").Select(b => b.Type).ToList();
        Assert.Equal(
        [
            TBinlogType.CREATE_TABLE, TBinlogType.CREATE_TABLE, TBinlogType.ADD_PARTITION, TBinlogType.DROP_PARTITION,
            TBinlogType.MODIFY_TABLE_ADD_OR_DROP_COLUMNS, TBinlogType.MODIFY_TABLE_ADD_OR_DROP_COLUMNS, TBinlogType.RENAME_COLUMN,
            TBinlogType.MODIFY_COMMENT, TBinlogType.MODIFY_COMMENT, TBinlogType.MODIFY_TABLE_PROPERTY, TBinlogType.BARRIER,
            TBinlogType.TRUNCATE_TABLE, TBinlogType.RENAME_TABLE, TBinlogType.ALTER_JOB, TBinlogType.ALTER_JOB, TBinlogType.ALTER_JOB,
            TBinlogType.ALTER_JOB, TBinlogType.REPLACE_TABLE, TBinlogType.ALTER_DATABASE_PROPERTY, TBinlogType.DROP_TABLE,
        ], types);
    }

    [Fact]
    public void Alter_payloads_carry_the_fields_the_syncer_reads()
    {
        CreateRangeTable();
        var tableId = TableId("t1");
        _h.Sql("ALTER TABLE t1 ADD PARTITION p3 VALUES [(\"20\"), (\"30\")) DISTRIBUTED BY HASH(k) BUCKETS 3");
        _h.Sql("ALTER TABLE t1 DROP PARTITION p3 FORCE");
        _h.Sql("ALTER TABLE t1 ADD COLUMN c1 INT NULL");
        _h.Sql("ALTER TABLE t1 RENAME COLUMN v v2");
        _h.Sql("ALTER TABLE t1 MODIFY COLUMN v2 COMMENT 'it''s'");
        _h.Sql("ALTER TABLE t1 RENAME PARTITION p2 p2_new");
        _h.Sql("TRUNCATE TABLE t1 PARTITIONS (p1)");
        _h.Sql("ALTER TABLE t1 RENAME t1_new");
        var b = BinlogReader.All(_h, "src", "t1_new");
        var add = BinlogReader.Data(b[0]);
        Assert.Equal(tableId, add.GetProperty("tableId").GetInt64());
        Assert.Equal("ADD PARTITION `p3` VALUES [(\"20\"), (\"30\")) (\"version_info\" = \"1\");", add.GetProperty("sql").GetString());
        var dist = add.GetProperty("partition").GetProperty("distributionInfo");
        Assert.Equal("HASH", dist.GetProperty("type").GetString());
        Assert.Equal(3, dist.GetProperty("bucketNum").GetInt32());
        Assert.Equal("k", dist.GetProperty("distributionColumns")[0].GetProperty("name").GetString());
        Assert.False(add.GetProperty("isTempPartition").GetBoolean());

        var drop = BinlogReader.Data(b[1]);
        Assert.Equal("DROP PARTITION `p3` FORCE", drop.GetProperty("sql").GetString());
        Assert.Equal("p3", drop.GetProperty("partitionName").GetString());

        var light = BinlogReader.Data(b[2]);
        Assert.Equal("ALTER TABLE `src`.`t1` ADD COLUMN c1 INT NULL", light.GetProperty("rawSql").GetString());

        var rename = BinlogReader.Data(b[3]);
        Assert.Equal("v", rename.GetProperty("colName").GetString());
        Assert.Equal("v2", rename.GetProperty("newColName").GetString());

        var comment = BinlogReader.Data(b[4]);
        Assert.Equal("COLUMN", comment.GetProperty("type").GetString());
        Assert.Equal("it's", comment.GetProperty("colToComment").GetProperty("v2").GetString());

        var barrier = BinlogReader.Data(b[5]);
        Assert.Equal(22, barrier.GetProperty("binlogType").GetInt64());
        var inner = JsonDocument.Parse(barrier.GetProperty("binlog").GetString()!).RootElement;
        Assert.Equal("p2", inner.GetProperty("oP").GetString());
        Assert.Equal("p2_new", inner.GetProperty("nP").GetString());
        Assert.Equal(tableId, inner.GetProperty("tb").GetInt64());

        var truncate = BinlogReader.Data(b[6]);
        Assert.Equal("PARTITIONS (p1)", truncate.GetProperty("rawSql").GetString());
        Assert.False(truncate.GetProperty("isEntireTable").GetBoolean());
        Assert.Equal("t1", truncate.GetProperty("table").GetString());

        var renameTable = BinlogReader.Data(b[7]);
        Assert.Equal("t1", renameTable.GetProperty("oT").GetString());
        Assert.Equal("t1_new", renameTable.GetProperty("nT").GetString());
    }

    [Fact]
    public void Schema_change_emits_alter_job_states_with_the_shadow_index_map()
    {
        CreateRangeTable();
        _h.Sql("INSERT INTO t1 VALUES (1, 10), (12, 20)");
        var before = _h.Cluster.Frontend.GetMeta(new MetaRequest { User = "root", Passwd = string.Empty, DbName = "src" })
            .Db!.Tables.Single().Partitions[0].Indexes.Single().Id;
        _h.Sql("ALTER TABLE t1 MODIFY COLUMN v BIGINT NULL");
        var jobs = BinlogReader.All(_h, "src", "t1").Where(b => b.Type == TBinlogType.ALTER_JOB).Select(BinlogReader.Data).ToList();
        Assert.Equal(["PENDING", "WAITING_TXN", "RUNNING", "FINISHED"], jobs.Select(j => j.GetProperty("jobState").GetString()));
        var iim = jobs[0].GetProperty("iim").EnumerateObject().Single();
        Assert.Equal(before, iim.Value.GetInt64());
        Assert.Equal("SCHEMA_CHANGE", jobs[0].GetProperty("type").GetString());
        var meta = _h.Cluster.Frontend.GetMeta(new MetaRequest { User = "root", Passwd = string.Empty, DbName = "src" }).Db!;
        Assert.Equal(long.Parse(iim.Name, System.Globalization.CultureInfo.InvariantCulture), meta.Tables.Single().Partitions[0].Indexes.Single().Id);
        Assert.Contains(before, meta.DroppedIndexes);
        Assert.Equal(["1|10", "12|20"], _h.Lines("SELECT * FROM t1 ORDER BY k"));
        Assert.Contains("`v` bigint NULL", _h.Rows("SHOW CREATE TABLE t1")[0][1]);
    }

    [Fact]
    public void Table_setting_wins_over_the_database_for_single_table_binlogs()
    {
        _h.Sql("""CREATE DATABASE mixed; USE mixed""");
        _h.Sql("""CREATE TABLE on_t (k INT) DUPLICATE KEY(k) DISTRIBUTED BY HASH(k) BUCKETS 1 PROPERTIES ("replication_num" = "1", "binlog.enable" = "true")""");
        _h.Sql("""CREATE TABLE off_t (k INT) DUPLICATE KEY(k) DISTRIBUTED BY HASH(k) BUCKETS 1 PROPERTIES ("replication_num" = "1")""");
        _h.Sql("INSERT INTO on_t VALUES (1)");
        _h.Sql("INSERT INTO off_t VALUES (1)");
        var all = BinlogReader.All(_h, "mixed");
        Assert.Equal([TBinlogType.CREATE_TABLE, TBinlogType.UPSERT], all.Select(b => b.Type));
        Assert.Single(BinlogReader.All(_h, "mixed", "on_t"));
        Assert.Equal(StatusCode.BinlogNotFoundTable, BinlogReader.Get(_h, "mixed", 0, "off_t").Status.Code);

        // ALTER DATABASE binlog.enable is refused while a table has binlog off.
        var e = _h.Fails("""ALTER DATABASE mixed SET PROPERTIES ("binlog.enable" = "true")""");
        Assert.Contains("binlog is not enable in table[off_t] in db [mixed]", e.Message);
        _h.Sql("""ALTER TABLE off_t SET ("binlog.enable" = "true")""");
        _h.Sql("""ALTER DATABASE mixed SET PROPERTIES ("binlog.enable" = "true")""");
        Assert.Contains("\"binlog.enable\" = \"true\"", _h.Rows("SHOW CREATE DATABASE mixed")[0][1]);
    }

    [Fact]
    public void Get_binlog_answers_not_found_too_new_and_batches()
    {
        Assert.Equal(StatusCode.BinlogNotFoundDb, BinlogReader.Get(_h, "src", 0).Status.Code);
        Assert.Equal(StatusCode.AnalysisError, BinlogReader.Get(_h, "nope", 0).Status.Code);
        Assert.Contains("unknown database, database=nope", BinlogReader.Get(_h, "nope", 0).Status.ErrorMessages[0]);
        CreateRangeTable();
        for (var i = 0; i < 5; i++)
        {
            _h.Sql($"INSERT INTO t1 VALUES ({i}, {i})");
        }

        var one = BinlogReader.Get(_h, "src", 0);
        Assert.Equal(StatusCode.Ok, one.Status.Code);
        Assert.Single(one.Binlogs);
        var three = BinlogReader.Get(_h, "src", one.Binlogs[0].CommitSeq, num: 3);
        Assert.Equal(3, three.Binlogs.Count);
        Assert.All(three.Binlogs, b => Assert.True(b.CommitSeq > one.Binlogs[0].CommitSeq));
        var last = BinlogReader.All(_h, "src")[^1];
        Assert.Equal(StatusCode.BinlogTooNewCommitSeq, BinlogReader.Get(_h, "src", last.CommitSeq).Status.Code);
        Assert.Empty(BinlogReader.Get(_h, "src", last.CommitSeq).Binlogs);
        // Doris's UserException texts carry the errCode prefix into error_msgs.
        Assert.Equal("errCode = 2, detailMessage = user is not set", _h.Cluster.Frontend.GetBinlog(new BinlogRequest { Db = "src", PrevCommitSeq = 0 }).Status.ErrorMessages[0]);
        Assert.Equal("errCode = 2, detailMessage = prev_commit_seq is not set",
            _h.Cluster.Frontend.GetBinlog(new BinlogRequest { User = "root", Passwd = string.Empty, Db = "src" }).Status.ErrorMessages[0]);
        var badPassword = _h.Cluster.Frontend.GetBinlog(new BinlogRequest { User = "root", Passwd = "x", Db = "src", PrevCommitSeq = 0 });
        Assert.Equal(StatusCode.AnalysisError, badPassword.Status.Code);

        // table_id wins over the name.
        var byId = BinlogReader.Get(_h, "src", 0, table: "no_such_table", tableId: TableId("t1"));
        Assert.Equal(StatusCode.Ok, byId.Status.Code);
    }

    [Fact]
    public void Binlog_lag_counts_what_is_left()
    {
        CreateRangeTable();
        _h.Sql("INSERT INTO t1 VALUES (1, 1)");
        _h.Sql("INSERT INTO t1 VALUES (2, 2)");
        var all = BinlogReader.All(_h, "src");
        var lag = _h.Cluster.Frontend.GetBinlogLag(new BinlogRequest { User = "root", Passwd = string.Empty, Db = "src", PrevCommitSeq = all[0].CommitSeq });
        Assert.Equal(StatusCode.Ok, lag.Status.Code);
        Assert.Equal(2, lag.Lag!.Lag);
        Assert.Equal(all[1].CommitSeq, lag.Lag.NextCommitSeq);
        Assert.Equal(all[2].CommitSeq, lag.Lag.LastCommitSeq);
        Assert.Equal(-1, lag.Lag.FirstCommitSeq);
        var none = _h.Cluster.Frontend.GetBinlogLag(new BinlogRequest { User = "root", Passwd = string.Empty, Db = "src", PrevCommitSeq = all[2].CommitSeq });
        Assert.Equal(0, none.Lag!.Lag);
    }

    [Fact]
    public void Insert_overwrite_goes_through_temporary_partitions()
    {
        CreateRangeTable();
        _h.Sql("INSERT INTO t1 VALUES (1, 1)");
        _h.Sql("INSERT OVERWRITE TABLE t1 PARTITION (p1) VALUES (3, 3)");
        var b = BinlogReader.All(_h, "src", "t1");
        Assert.Equal([TBinlogType.UPSERT, TBinlogType.ADD_PARTITION, TBinlogType.UPSERT, TBinlogType.REPLACE_PARTITIONS], b.Select(x => x.Type));
        Assert.True(BinlogReader.Data(b[1]).GetProperty("isTempPartition").GetBoolean());
        var upsert = BinlogReader.Data(b[2]).GetProperty("tableRecords").EnumerateObject().Single().Value;
        Assert.True(upsert.GetProperty("partitionRecords")[0].GetProperty("isTempPartition").GetBoolean());
        var replace = BinlogReader.Data(b[3]);
        Assert.Equal(["p1"], replace.GetProperty("partitions").EnumerateArray().Select(e => e.GetString()));
        Assert.False(replace.GetProperty("strictRange").GetBoolean());
        Assert.False(replace.GetProperty("useTempPartitionName").GetBoolean());
        Assert.Equal(["3|3"], _h.Lines("SELECT * FROM t1"));
        Assert.Equal(["p1", "p2"], _h.Rows("SHOW PARTITIONS FROM t1").Select(r => r[1]));
    }

    [Fact]
    public void Replace_partition_with_temporary_partition()
    {
        CreateRangeTable();
        _h.Sql("INSERT INTO t1 VALUES (1, 1)");
        _h.Sql("ALTER TABLE t1 ADD TEMPORARY PARTITION tp1 VALUES LESS THAN (10)");
        var temporary = _h.Rows("SHOW TEMPORARY PARTITIONS FROM t1");
        Assert.Equal("tp1", Assert.Single(temporary)[1]);
        _h.Sql("ALTER TABLE t1 REPLACE PARTITION (p1) WITH TEMPORARY PARTITION (tp1)");
        Assert.Empty(_h.Rows("SELECT * FROM t1"));
        Assert.Equal(["p1", "p2"], _h.Rows("SHOW PARTITIONS FROM t1").Select(r => r[1]));
        var last = BinlogReader.All(_h, "src", "t1")[^1];
        Assert.Equal(TBinlogType.REPLACE_PARTITIONS, last.Type);
        Assert.True(BinlogReader.Data(last).GetProperty("strictRange").GetBoolean());
    }

    [Fact]
    public void Dropped_tables_and_partitions_show_up_in_get_meta()
    {
        CreateRangeTable();
        var tableId = TableId("t1");
        var p1 = long.Parse(_h.Rows("SHOW PARTITIONS FROM t1")[0][0]!, System.Globalization.CultureInfo.InvariantCulture);
        _h.Sql("ALTER TABLE t1 DROP PARTITION p1");
        _h.Sql("DROP TABLE t1");
        var meta = _h.Cluster.Frontend.GetMeta(new MetaRequest
        {
            User = "root",
            Passwd = string.Empty,
            DbName = "src",
            Tables = [new MetaTableSelector(tableId, null)],
        }).Db!;
        Assert.Empty(meta.Tables);
        Assert.Contains(tableId, meta.DroppedTables);
        Assert.Contains(p1, meta.DroppedPartitions);
        Assert.True(meta.DroppedPartitionMap[p1] > 0);
        var drop = BinlogReader.All(_h, "src")[^1];
        Assert.Equal(TBinlogType.DROP_TABLE, drop.Type);
        Assert.Equal("DROP TABLE IF EXISTS `t1`", BinlogReader.Data(drop).GetProperty("rawSql").GetString());
    }

    [Fact]
    public void Feature_off_records_nothing_and_refuses_binlog_properties()
    {
        _h.Sql("""ADMIN SET FRONTEND CONFIG ("enable_feature_binlog" = "false")""");
        Assert.Equal("false", _h.Rows("ADMIN SHOW FRONTEND CONFIG LIKE \"%enable_feature_binlog%\"")[0][1]);
        CreateRangeTable();
        _h.Sql("INSERT INTO t1 VALUES (1, 1)");
        Assert.Equal(StatusCode.BinlogNotFoundDb, BinlogReader.Get(_h, "src", 0).Status.Code);
        Assert.Contains("Binlog feature is not enabled", _h.Fails("ALTER TABLE t1 SET (\"binlog.enable\" = \"true\")").Message);
        Assert.Contains("Binlog feature is not enabled", _h.Fails("ALTER DATABASE src SET PROPERTIES (\"binlog.enable\" = \"true\")").Message);
        Assert.DoesNotContain("binlog.enable", _h.Rows("SHOW CREATE TABLE t1")[0][1]);
    }
    [Fact]
    public void Property_replace_table_and_view_payloads()
    {
        CreateRangeTable();
        CreateRangeTable("t2");
        var t1 = TableId("t1");
        var t2 = TableId("t2");
        _h.Sql("""ALTER TABLE t1 SET ("is_being_synced" = "false")""");
        _h.Sql("""ALTER TABLE t1 REPLACE WITH TABLE t2 PROPERTIES ("swap" = "false")""");
        _h.Sql("""ALTER DATABASE src SET PROPERTIES ("binlog.max_history_nums" = "1000")""");
        _h.Sql("CREATE VIEW v AS SELECT k FROM t1");
        var all = BinlogReader.All(_h, "src");

        var property = all.Single(b => b.Type == TBinlogType.MODIFY_TABLE_PROPERTY);
        var p = BinlogReader.Data(property);
        Assert.Equal("false", p.GetProperty("properties").GetProperty("is_being_synced").GetString());
        Assert.Equal(t1, p.GetProperty("tableId").GetInt64());
        Assert.True(property.RemoveEnableCache);

        var replace = all.Single(b => b.Type == TBinlogType.REPLACE_TABLE);
        Assert.Equal([t1], replace.TableIds);
        var r = BinlogReader.Data(replace);
        Assert.Equal(t1, r.GetProperty("origTblId").GetInt64());
        Assert.Equal("t1", r.GetProperty("origTblName").GetString());
        Assert.Equal(t2, r.GetProperty("newTblName").GetInt64());
        Assert.Equal("t2", r.GetProperty("actualNewTblName").GetString());
        Assert.False(r.GetProperty("swapTable").GetBoolean());
        Assert.Equal(t2, TableId("t1"));
        Assert.DoesNotContain(_h.Rows("SHOW TABLES"), row => row[0] == "t2");

        var alterDb = all.Single(b => b.Type == TBinlogType.ALTER_DATABASE_PROPERTY);
        Assert.Empty(alterDb.TableIds);
        Assert.Equal("1000", BinlogReader.Data(alterDb).GetProperty("properties").GetProperty("binlog.max_history_nums").GetString());

        var view = all.Last();
        Assert.Equal(TBinlogType.CREATE_TABLE, view.Type);
        Assert.Equal("VIEW", BinlogReader.Data(view).GetProperty("tableType").GetString());
        Assert.Equal("CREATE VIEW `v` AS SELECT k FROM `internal`.`src`.`t1`;", BinlogReader.Data(view).GetProperty("sql").GetString());
    }

    [Fact]
    public void A_failed_statement_changes_nothing()
    {
        CreateRangeTable();
        var before = BinlogReader.All(_h, "src");
        var create = _h.Rows("SHOW CREATE TABLE t1")[0][1];
        _h.Fails("ALTER TABLE t1 ADD COLUMN c INT NULL, DROP COLUMN nope");
        _h.Fails("INSERT OVERWRITE TABLE t1 VALUES (1, 1), (99, 99)");
        Assert.Equal(create, _h.Rows("SHOW CREATE TABLE t1")[0][1]);
        Assert.Equal(before.Select(b => b.CommitSeq), BinlogReader.All(_h, "src").Select(b => b.CommitSeq));
        Assert.Empty(_h.Rows("SHOW TEMPORARY PARTITIONS FROM t1"));
        _h.Sql("INSERT INTO t1 VALUES (1, 1)");
        Assert.Equal(["1|1"], _h.Lines("SELECT * FROM t1"));
    }
}
