using System.Text.Json.Nodes;
using Syncer.Doris.Thrift;

namespace MiniDoris.Tests.Replication;

/// <summary>
/// The DDL whose binlogs database jobs meet (issue 8): each statement through the MySQL front of a minidoris process,
/// its binlog read over FE Thrift with the payload keys and values Doris writes, and its effect on the catalog; then
/// a hand-run replication of those binlogs onto a second process, compared with the source.
/// </summary>
public sealed class DdlBinlogTests : IClassFixture<ClusterPairFixture>
{
    private readonly ClusterPairFixture _pair;

    public DdlBinlogTests(ClusterPairFixture pair)
    {
        _pair = pair;
    }

    private DorisNode Source => _pair.Source;

    private DorisNode Target => _pair.Target;

    private static string Table(string db, string name, string partitions = "PARTITION p1 VALUES LESS THAN (10), PARTITION p2 VALUES LESS THAN (20)") => $"""
        CREATE TABLE {db}.{name} (k INT, v VARCHAR(20)) DUPLICATE KEY(k)
        PARTITION BY RANGE(k) ({partitions})
        DISTRIBUTED BY HASH(k) BUCKETS 2 PROPERTIES ("replication_num" = "1", "binlog.enable" = "true")
        """;

    private async Task CreateDbAsync(DorisNode node, string db)
    {
        await node.ExecAsync($"CREATE DATABASE {db} PROPERTIES (\"binlog.enable\" = \"true\")");
    }

    /// <summary>Binlogs of a db (or one of its tables) after a commit seq.</summary>
    private async Task<List<TBinlog>> BinlogsAsync(string db, long after = 0, string? table = null)
    {
        var result = await Source.Fe.GetBinlogAsync(new TGetBinlogRequest
        {
            User = "root", Passwd = string.Empty, Db = db, Table = table, PrevCommitSeq = after, NumAcquired = 255,
        }, CancellationToken.None);
        return result.Status!.StatusCode == TStatusCode.BINLOG_TOO_NEW_COMMIT_SEQ ? [] : result.Binlogs!;
    }

    private async Task<long> LastSeqAsync(string db) => (await BinlogsAsync(db)).Last().CommitSeq!.Value;

    private static JsonObject Data(TBinlog binlog) => JsonNode.Parse(binlog.Data!)!.AsObject();

    private static List<string> Keys(JsonObject o) => o.Select(p => p.Key).Order(StringComparer.Ordinal).ToList();

    private static List<string> Sorted(params string[] keys) => keys.Order(StringComparer.Ordinal).ToList();

    [Fact]
    public async Task Replace_with_table_swaps_or_drops_and_records_replace_table()
    {
        await CreateDbAsync(Source, "rpl");
        await Source.ExecAsync(Table("rpl", "t1"));
        await Source.ExecAsync(Table("rpl", "t2"));
        await Source.ExecAsync(Table("rpl", "t3"));
        await Source.ExecAsync("INSERT INTO rpl.t1 VALUES (1, 'one')");
        await Source.ExecAsync("INSERT INTO rpl.t2 VALUES (2, 'two')");
        await Source.ExecAsync("INSERT INTO rpl.t3 VALUES (3, 'three')");
        var t1 = await Source.TableIdAsync("rpl", "t1");
        var t2 = await Source.TableIdAsync("rpl", "t2");
        var t3 = await Source.TableIdAsync("rpl", "t3");
        var dbId = await Source.DbIdAsync("rpl");
        var before = await LastSeqAsync("rpl");

        await Source.ExecAsync("ALTER TABLE rpl.t1 REPLACE WITH TABLE t2 PROPERTIES (\"swap\" = \"true\")");
        var swap = Assert.Single(await BinlogsAsync("rpl", before));
        Assert.Equal(TBinlogType.REPLACE_TABLE, swap.Type);
        Assert.Equal([t1], swap.TableIds);
        var d = Data(swap);
        Assert.Equal(Sorted("dbId", "origTblId", "origTblName", "newTblName", "actualNewTblName", "swapTable", "isForce"), Keys(d));
        Assert.Equal(dbId, d["dbId"]!.GetValue<long>());
        Assert.Equal(t1, d["origTblId"]!.GetValue<long>());
        Assert.Equal("t1", d["origTblName"]!.GetValue<string>());
        Assert.Equal(t2, d["newTblName"]!.GetValue<long>());
        Assert.Equal("t2", d["actualNewTblName"]!.GetValue<string>());
        Assert.True(d["swapTable"]!.GetValue<bool>());
        Assert.False(d["isForce"]!.GetValue<bool>());

        // Swapped: each name now belongs to the other table, with its data.
        Assert.Equal(t2, await Source.TableIdAsync("rpl", "t1"));
        Assert.Equal(t1, await Source.TableIdAsync("rpl", "t2"));
        Assert.Equal(["2|two"], await Source.LinesAsync("SELECT k, v FROM rpl.t1"));
        Assert.Equal(["1|one"], await Source.LinesAsync("SELECT k, v FROM rpl.t2"));

        // Without swap the original table is dropped and the other takes its name.
        before = swap.CommitSeq!.Value;
        await Source.ExecAsync("ALTER TABLE rpl.t1 REPLACE WITH TABLE t3 PROPERTIES (\"swap\" = \"false\") FORCE");
        var replace = Assert.Single(await BinlogsAsync("rpl", before));
        d = Data(replace);
        Assert.Equal(t2, d["origTblId"]!.GetValue<long>());
        Assert.Equal(t3, d["newTblName"]!.GetValue<long>());
        Assert.False(d["swapTable"]!.GetValue<bool>());
        Assert.True(d["isForce"]!.GetValue<bool>());
        Assert.Equal(t3, await Source.TableIdAsync("rpl", "t1"));
        Assert.Equal(["t1", "t2"], await Source.LinesAsync("SHOW TABLES FROM rpl"));
        Assert.Contains(t2, (await Source.MetaAsync("rpl")).DroppedTables!);
    }

    [Fact]
    public async Task Rename_partition_travels_inside_a_barrier()
    {
        await CreateDbAsync(Source, "rnp");
        await Source.ExecAsync(Table("rnp", "t"));
        var tableId = await Source.TableIdAsync("rnp", "t");
        var p2 = (await Source.MetaAsync("rnp")).Tables!.Single().Partitions!.Single(p => p.Name == "p2").Id!.Value;
        var before = await LastSeqAsync("rnp");

        await Source.ExecAsync("ALTER TABLE rnp.t RENAME PARTITION p2 p2_new");
        var barrier = Assert.Single(await BinlogsAsync("rnp", before));
        Assert.Equal(TBinlogType.BARRIER, barrier.Type);
        Assert.Equal([tableId], barrier.TableIds);
        var outer = Data(barrier);
        Assert.Equal((int)TBinlogType.RENAME_PARTITION, outer["binlogType"]!.GetValue<int>());
        var inner = JsonNode.Parse(outer["binlog"]!.GetValue<string>())!.AsObject();
        Assert.Equal(Sorted("db", "tb", "ind", "p", "nP", "oP"), Keys(inner));
        Assert.Equal(await Source.DbIdAsync("rnp"), inner["db"]!.GetValue<long>());
        Assert.Equal(tableId, inner["tb"]!.GetValue<long>());
        Assert.Equal(p2, inner["p"]!.GetValue<long>());
        Assert.Equal("p2_new", inner["nP"]!.GetValue<string>());
        Assert.Equal("p2", inner["oP"]!.GetValue<string>());
        Assert.Equal(["p1", "p2_new"], (await Source.LinesAsync("SHOW PARTITIONS FROM rnp.t")).Select(l => l.Split('|')[1]).ToList());
    }

    [Fact]
    public async Task Alter_view_records_modify_view_def()
    {
        await CreateDbAsync(Source, "alv");
        await Source.ExecAsync(Table("alv", "t"));
        await Source.ExecAsync("INSERT INTO alv.t VALUES (1, 'a'), (12, 'b')");
        await Source.ExecAsync("CREATE VIEW alv.v AS SELECT k FROM alv.t");
        var create = (await BinlogsAsync("alv")).Last();
        var viewId = create.TableIds!.Single();
        var before = create.CommitSeq!.Value;

        await Source.ExecAsync("ALTER VIEW alv.v (kk, vv) AS SELECT k, v FROM t WHERE k > 5");
        var alter = Assert.Single(await BinlogsAsync("alv", before));
        Assert.Equal(TBinlogType.MODIFY_VIEW_DEF, alter.Type);
        Assert.Equal([viewId], alter.TableIds);
        var d = Data(alter);
        Assert.Equal(Sorted("dbId", "tableId", "inlineViewDef", "sqlMode", "newFullSchema"), Keys(d));
        Assert.Equal(await Source.DbIdAsync("alv"), d["dbId"]!.GetValue<long>());
        Assert.Equal(viewId, d["tableId"]!.GetValue<long>());
        Assert.Equal("SELECT k, v FROM `internal`.`alv`.`t` WHERE k > 5", d["inlineViewDef"]!.GetValue<string>());
        Assert.Equal(32, d["sqlMode"]!.GetValue<long>());
        Assert.Equal(["kk", "vv"], d["newFullSchema"]!.AsArray().Select(c => c!["name"]!.GetValue<string>()).ToList());
        Assert.Equal(["12|b"], await Source.LinesAsync("SELECT kk, vv FROM alv.v"));
        Assert.Contains("SELECT k, v FROM `internal`.`alv`.`t` WHERE k > 5", (await Source.LinesAsync("SHOW CREATE VIEW alv.v")).Single());
        Assert.Contains("is not a view", await Source.FailsAsync("ALTER VIEW alv.t AS SELECT 1"));
    }

    [Fact]
    public async Task Inverted_indexes_are_light_changes_and_build_runs_per_partition_jobs()
    {
        await CreateDbAsync(Source, "inv");
        await Source.ExecAsync(Table("inv", "t"));
        var tableId = await Source.TableIdAsync("inv", "t");
        var meta = (await Source.MetaAsync("inv")).Tables!.Single();
        var baseIndexId = meta.Partitions!.First().Indexes!.Single().Id!.Value;
        var before = await LastSeqAsync("inv");

        await Source.ExecAsync("ALTER TABLE inv.t ADD INDEX idx_v (v) USING INVERTED PROPERTIES (\"parser\" = \"english\") COMMENT 'words'");
        var add = Assert.Single(await BinlogsAsync("inv", before));
        Assert.Equal(TBinlogType.MODIFY_TABLE_ADD_OR_DROP_INVERTED_INDICES, add.Type);
        Assert.Equal([tableId], add.TableIds);
        var d = Data(add);
        Assert.Equal(Sorted("dbId", "tableId", "indexSchemaMap", "indexes", "alterInvertedIndexes", "isDropInvertedIndex", "jobId", "rawSql"), Keys(d));
        Assert.False(d["isDropInvertedIndex"]!.GetValue<bool>());
        Assert.Equal(
            "ALTER TABLE `inv`.`t` ADD INDEX idx_v (`v`) USING INVERTED PROPERTIES(\"parser\" = \"english\", \"lower_case\" = \"true\") COMMENT 'words'",
            d["rawSql"]!.GetValue<string>());
        var index = d["alterInvertedIndexes"]!.AsArray().Single()!.AsObject();
        Assert.Equal(Sorted("i", "in", "c", "it", "pt", "ct"), Keys(index));
        Assert.Equal("idx_v", index["in"]!.GetValue<string>());
        Assert.Equal("INVERTED", index["it"]!.GetValue<string>());
        Assert.Equal(["v"], index["c"]!.AsArray().Select(c => c!.GetValue<string>()).ToList());
        Assert.Equal("english", index["pt"]!["parser"]!.GetValue<string>());
        Assert.Equal("idx_v", d["indexes"]!.AsArray().Single()!["in"]!.GetValue<string>());
        Assert.Equal(["k", "v"], d["indexSchemaMap"]![baseIndexId.ToString(System.Globalization.CultureInfo.InvariantCulture)]!.AsArray()
            .Select(c => c!["name"]!.GetValue<string>()).ToList());
        Assert.Contains("INDEX idx_v (`v`) USING INVERTED PROPERTIES(\"parser\" = \"english\", \"lower_case\" = \"true\") COMMENT 'words'",
            (await Source.QueryAsync("SHOW CREATE TABLE inv.t")).Rows.Single().GetString("Create Table"));
        Assert.Equal("INVERTED", (await Source.QueryAsync("SHOW INDEX FROM inv.t")).Rows.Single().GetString("Index_type"));

        // BUILD INDEX: a job per partition, logged when created and when finished.
        before = add.CommitSeq!.Value;
        await Source.ExecAsync("BUILD INDEX idx_v ON inv.t");
        var jobs = await BinlogsAsync("inv", before);
        Assert.All(jobs, b => Assert.Equal(TBinlogType.INDEX_CHANGE_JOB, b.Type));
        Assert.Equal(["p1|WAITING_TXN", "p2|WAITING_TXN", "p1|FINISHED", "p2|FINISHED"],
            jobs.Select(b => Data(b)["partitionName"]!.GetValue<string>() + "|" + Data(b)["jobState"]!.GetValue<string>()).ToList());
        var finished = Data(jobs[2]);
        Assert.Equal(
            Sorted("jobId", "jobState", "dbId", "tableId", "tableName", "partitionId", "partitionName", "errMsg", "createTimeMs",
                "finishedTimeMs", "watershedTxnId", "isDropOp", "alterInvertedIndexes", "originIndexId", "invertedIndexBatchTask", "timeoutMs"),
            Keys(finished));
        Assert.False(finished["isDropOp"]!.GetValue<bool>());
        Assert.Equal("t", finished["tableName"]!.GetValue<string>());
        Assert.Equal(baseIndexId, finished["originIndexId"]!.GetValue<long>());
        Assert.Equal(Data(jobs[0])["jobId"]!.GetValue<long>(), finished["jobId"]!.GetValue<long>());
        Assert.Equal(-1, Data(jobs[0])["finishedTimeMs"]!.GetValue<long>());
        Assert.True(finished["finishedTimeMs"]!.GetValue<long>() > 0);

        // CREATE INDEX / DROP INDEX are the same clauses; a drop also deletes the index files with per-partition jobs.
        before = jobs[^1].CommitSeq!.Value;
        await Source.ExecAsync("CREATE INDEX idx_k ON inv.t (k) USING INVERTED");
        await Source.ExecAsync("DROP INDEX idx_v ON inv.t");
        var after = await BinlogsAsync("inv", before);
        Assert.Equal(
            [TBinlogType.MODIFY_TABLE_ADD_OR_DROP_INVERTED_INDICES, TBinlogType.MODIFY_TABLE_ADD_OR_DROP_INVERTED_INDICES,
             TBinlogType.INDEX_CHANGE_JOB, TBinlogType.INDEX_CHANGE_JOB, TBinlogType.INDEX_CHANGE_JOB, TBinlogType.INDEX_CHANGE_JOB],
            after.Select(b => b.Type!.Value).ToList());
        Assert.Equal("ALTER TABLE `inv`.`t` ADD INDEX idx_k (`k`) USING INVERTED", Data(after[0])["rawSql"]!.GetValue<string>());
        Assert.True(Data(after[1])["isDropInvertedIndex"]!.GetValue<bool>());
        Assert.Equal("ALTER TABLE `inv`.`t` DROP INDEX idx_v", Data(after[1])["rawSql"]!.GetValue<string>());
        Assert.Equal(["idx_k"], Data(after[1])["indexes"]!.AsArray().Select(i => i!["in"]!.GetValue<string>()).ToList());
        Assert.All(after.Skip(2), b => Assert.True(Data(b)["isDropOp"]!.GetValue<bool>()));
        Assert.Equal(["idx_k"], (await Source.QueryAsync("SHOW INDEX FROM inv.t")).Rows.Select(r => r.GetString("Key_name")).ToList());
        Assert.Contains("already exist", await Source.FailsAsync("ALTER TABLE inv.t ADD INDEX idx_k (v) USING INVERTED"));
        Assert.Contains("does not exist", await Source.FailsAsync("DROP INDEX nope ON inv.t"));

        // A table created with an index prints it, so its CREATE_TABLE replays elsewhere.
        await Source.ExecAsync("""
            CREATE TABLE inv.t2 (k INT, v VARCHAR(20), INDEX iv (v) USING INVERTED COMMENT 'c') DUPLICATE KEY(k)
            DISTRIBUTED BY HASH(k) BUCKETS 1 PROPERTIES ("replication_num" = "1")
            """);
        Assert.Contains("INDEX iv (`v`) USING INVERTED COMMENT 'c'", Data((await BinlogsAsync("inv")).Last())["sql"]!.GetValue<string>());
    }

    [Fact]
    public async Task Bitmap_index_or_no_light_schema_change_takes_a_schema_change_job()
    {
        await CreateDbAsync(Source, "bmp");
        await Source.ExecAsync(Table("bmp", "t"));
        var before = await LastSeqAsync("bmp");
        await Source.ExecAsync("ALTER TABLE bmp.t ADD INDEX ib (k) USING BITMAP");
        var jobs = await BinlogsAsync("bmp", before);
        Assert.Equal(["PENDING", "WAITING_TXN", "RUNNING", "FINISHED"], jobs.Select(b => Data(b)["jobState"]!.GetValue<string>()).ToList());
        Assert.All(jobs, b => Assert.Equal(TBinlogType.ALTER_JOB, b.Type));
        Assert.Equal("ALTER TABLE `bmp`.`t` ADD INDEX ib (`k`) USING BITMAP", Data(jobs[0])["rawSql"]!.GetValue<string>());
    }

    [Fact]
    public async Task Modify_partition_records_one_modify_partitions_binlog()
    {
        await CreateDbAsync(Source, "mdp");
        await Source.ExecAsync(Table("mdp", "t"));
        var tableId = await Source.TableIdAsync("mdp", "t");
        var partitions = (await Source.MetaAsync("mdp")).Tables!.Single().Partitions!.ToDictionary(p => p.Name!, p => p.Id!.Value);
        var before = await LastSeqAsync("mdp");

        await Source.ExecAsync("ALTER TABLE mdp.t MODIFY PARTITION (p1, p2) SET (\"is_mutable\" = \"false\")");
        var binlog = Assert.Single(await BinlogsAsync("mdp", before));
        Assert.Equal(TBinlogType.MODIFY_PARTITIONS, binlog.Type);
        Assert.Equal([tableId], binlog.TableIds);
        var d = Data(binlog);
        Assert.Equal(["infos"], Keys(d));
        var infos = d["infos"]!.AsArray().Select(i => i!.AsObject()).ToList();
        Assert.Equal(2, infos.Count);
        Assert.Equal(
            Sorted("dbId", "tableId", "partitionId", "dataProperty", "replicationNum", "isInMemory", "replicaAlloc", "storagePolicy",
                "tableProperties", "partitionName", "isTempPartition"),
            Keys(infos[0]));
        Assert.Equal(partitions["p1"], infos[0]["partitionId"]!.GetValue<long>());
        Assert.Equal("p2", infos[1]["partitionName"]!.GetValue<string>());
        Assert.False(infos[0]["dataProperty"]!["isMutable"]!.GetValue<bool>());
        // Gson writes the Map<Tag, Short> as [tag, count] pairs (complex map keys), as in ADD_PARTITION.
        Assert.Equal(1, infos[0]["replicaAlloc"]!["allocMap"]!.AsArray().Single()![1]!.GetValue<int>());
        Assert.All((await Source.QueryAsync("SHOW PARTITIONS FROM mdp.t")).Rows, r => Assert.Equal("false", r.GetString("IsMutable")));

        await Source.ExecAsync("ALTER TABLE mdp.t MODIFY PARTITION p1 SET (\"is_mutable\" = \"true\")");
        Assert.Single(Data((await BinlogsAsync("mdp", binlog.CommitSeq!.Value)).Single())["infos"]!.AsArray());
        Assert.Contains("Unknown properties", await Source.FailsAsync("ALTER TABLE mdp.t MODIFY PARTITION p1 SET (\"nope\" = \"1\")"));
        Assert.Contains("does not exist", await Source.FailsAsync("ALTER TABLE mdp.t MODIFY PARTITION p9 SET (\"is_mutable\" = \"true\")"));
    }

    [Fact]
    public async Task Modify_distribution_changes_the_default_bucket_number()
    {
        await CreateDbAsync(Source, "mdd");
        await Source.ExecAsync(Table("mdd", "t"));
        var tableId = await Source.TableIdAsync("mdd", "t");
        var before = await LastSeqAsync("mdd");

        await Source.ExecAsync("ALTER TABLE mdd.t MODIFY DISTRIBUTION DISTRIBUTED BY HASH(k) BUCKETS 5");
        var binlog = Assert.Single(await BinlogsAsync("mdd", before));
        Assert.Equal(TBinlogType.MODIFY_DISTRIBUTION_BUCKET_NUM, binlog.Type);
        Assert.Equal([tableId], binlog.TableIds);
        var d = Data(binlog);
        Assert.Equal(Sorted("dbId", "tableId", "type", "autoBucket", "bucketNum", "columnsName"), Keys(d));
        Assert.Equal("HASH", d["type"]!.GetValue<string>());
        Assert.Equal(5, d["bucketNum"]!.GetValue<int>());
        Assert.False(d["autoBucket"]!.GetValue<bool>());
        Assert.Equal("k", d["columnsName"]!.GetValue<string>());

        // Existing partitions keep their buckets; a new one takes the new default.
        await Source.ExecAsync("ALTER TABLE mdd.t ADD PARTITION p3 VALUES LESS THAN (30)");
        var buckets = (await Source.QueryAsync("SHOW PARTITIONS FROM mdd.t")).Rows.ToDictionary(r => r.GetString("PartitionName"), r => r.GetString("Buckets"));
        Assert.Equal("2", buckets["p1"]);
        Assert.Equal("5", buckets["p3"]);
        Assert.Contains("DISTRIBUTED BY HASH(`k`) BUCKETS 5", (await Source.QueryAsync("SHOW CREATE TABLE mdd.t")).Rows.Single().GetString("Create Table"));
        Assert.Contains("Cannot change distribution type", await Source.FailsAsync("ALTER TABLE mdd.t MODIFY DISTRIBUTION DISTRIBUTED BY RANDOM BUCKETS 3"));

        // HASH to RANDOM is a table property on this FE generation; it writes no binlog (only the newest FEs write 26).
        before = await LastSeqAsync("mdd");
        await Source.ExecAsync("ALTER TABLE mdd.t SET (\"distribution_type\" = \"random\")");
        Assert.Empty(await BinlogsAsync("mdd", before));
        Assert.Contains("DISTRIBUTED BY RANDOM BUCKETS 5", (await Source.QueryAsync("SHOW CREATE TABLE mdd.t")).Rows.Single().GetString("Create Table"));
        await Source.ExecAsync("INSERT INTO mdd.t VALUES (1, 'a'), (2, 'b')");
        Assert.Equal(["1|a", "2|b"], await Source.LinesAsync("SELECT k, v FROM mdd.t ORDER BY k"));
    }

    [Fact]
    public async Task Alter_database_properties_records_alter_database_property()
    {
        await CreateDbAsync(Source, "adb");
        await Source.ExecAsync(Table("adb", "t"));
        var before = await LastSeqAsync("adb");
        await Source.ExecAsync("ALTER DATABASE adb SET PROPERTIES (\"binlog.ttl_seconds\" = \"7200\")");
        var binlog = Assert.Single(await BinlogsAsync("adb", before));
        Assert.Equal(TBinlogType.ALTER_DATABASE_PROPERTY, binlog.Type);
        Assert.True(binlog.TableIds is null || binlog.TableIds.Count == 0);
        Assert.True(binlog.RemoveEnableCache);
        var d = Data(binlog);
        Assert.Equal(Sorted("dbId", "dbName", "properties"), Keys(d));
        Assert.Equal(await Source.DbIdAsync("adb"), d["dbId"]!.GetValue<long>());
        Assert.Equal("adb", d["dbName"]!.GetValue<string>());
        Assert.Equal("7200", d["properties"]!["binlog.ttl_seconds"]!.GetValue<string>());
        Assert.Contains("\"binlog.ttl_seconds\" = \"7200\"", (await Source.LinesAsync("SHOW CREATE DATABASE adb")).Single());
    }

    [Fact]
    public async Task Recover_brings_back_what_drop_left_in_the_recycle_bin()
    {
        await CreateDbAsync(Source, "rcv");
        await Source.ExecAsync(Table("rcv", "t"));
        await Source.ExecAsync("INSERT INTO rcv.t VALUES (1, 'a'), (15, 'b')");
        var dbId = await Source.DbIdAsync("rcv");
        var tableId = await Source.TableIdAsync("rcv", "t");
        var p2 = (await Source.MetaAsync("rcv")).Tables!.Single().Partitions!.Single(p => p.Name == "p2").Id!.Value;

        // A partition: dropped (not FORCE), reported dropped by getMeta, then recovered under a new name with its data.
        await Source.ExecAsync("ALTER TABLE rcv.t DROP PARTITION p2");
        Assert.Contains(p2, (await Source.MetaAsync("rcv")).DroppedPartitions!);
        var before = await LastSeqAsync("rcv");
        await Source.ExecAsync("RECOVER PARTITION p2 AS p2_back FROM rcv.t");
        var partition = Assert.Single(await BinlogsAsync("rcv", before));
        Assert.Equal(TBinlogType.RECOVER_INFO, partition.Type);
        Assert.Equal([tableId], partition.TableIds);
        var d = Data(partition);
        Assert.Equal(Sorted("dbId", "newDbName", "tableId", "tableName", "newTableName", "partitionId", "partitionName", "newPartitionName"), Keys(d));
        Assert.Equal(dbId, d["dbId"]!.GetValue<long>());
        Assert.Equal(tableId, d["tableId"]!.GetValue<long>());
        Assert.Equal("t", d["tableName"]!.GetValue<string>());
        Assert.Equal(p2, d["partitionId"]!.GetValue<long>());
        Assert.Equal("p2", d["partitionName"]!.GetValue<string>());
        Assert.Equal("p2_back", d["newPartitionName"]!.GetValue<string>());
        Assert.Equal(string.Empty, d["newTableName"]!.GetValue<string>());
        Assert.Equal(["1|a", "15|b"], await Source.LinesAsync("SELECT k, v FROM rcv.t ORDER BY k"));
        Assert.DoesNotContain(p2, (await Source.MetaAsync("rcv")).DroppedPartitions!);

        // A table: partitionId -1; a FORCE drop leaves nothing to recover.
        await Source.ExecAsync("DROP TABLE rcv.t");
        Assert.Empty(await Source.LinesAsync("SHOW TABLES FROM rcv"));
        before = await LastSeqAsync("rcv");
        await Source.ExecAsync("RECOVER TABLE rcv.t AS t_back");
        var table = Assert.Single(await BinlogsAsync("rcv", before));
        Assert.Equal(TBinlogType.RECOVER_INFO, table.Type);
        d = Data(table);
        Assert.Equal(-1, d["partitionId"]!.GetValue<long>());
        Assert.Equal("t", d["tableName"]!.GetValue<string>());
        Assert.Equal("t_back", d["newTableName"]!.GetValue<string>());
        Assert.Equal(tableId, await Source.TableIdAsync("rcv", "t_back"));
        Assert.Equal(["1|a", "15|b"], await Source.LinesAsync("SELECT k, v FROM rcv.t_back ORDER BY k"));
        Assert.DoesNotContain(tableId, (await Source.MetaAsync("rcv")).DroppedTables!);
        await Source.ExecAsync("DROP TABLE rcv.t_back FORCE");
        Assert.Contains("Unknown table", await Source.FailsAsync("RECOVER TABLE rcv.t_back"));

        // A database comes back with its tables, and writes no binlog.
        await Source.ExecAsync(Table("rcv", "t2"));
        before = await LastSeqAsync("rcv");
        await Source.ExecAsync("DROP DATABASE rcv");
        await Source.ExecAsync("RECOVER DATABASE rcv");
        Assert.Equal(["t2"], await Source.LinesAsync("SHOW TABLES FROM rcv"));
        Assert.Empty(await BinlogsAsync("rcv", before));
    }

    [Fact]
    public async Task Rollups_are_indexes_with_their_own_tablets_and_jobs()
    {
        await CreateDbAsync(Source, "rol");
        await Source.ExecAsync(Table("rol", "t"));
        await Source.ExecAsync("INSERT INTO rol.t VALUES (1, 'a'), (12, 'b')");
        var tableId = await Source.TableIdAsync("rol", "t");
        var baseIndexId = (await Source.MetaAsync("rol")).Tables!.Single().Partitions!.First().Indexes!.Single().Id!.Value;
        var before = await LastSeqAsync("rol");

        await Source.ExecAsync("ALTER TABLE rol.t ADD ROLLUP r1 (k)");
        var jobs = await BinlogsAsync("rol", before);
        Assert.All(jobs, b => Assert.Equal(TBinlogType.ALTER_JOB, b.Type));
        Assert.Equal(["PENDING", "WAITING_TXN", "RUNNING", "FINISHED"], jobs.Select(b => Data(b)["jobState"]!.GetValue<string>()).ToList());
        var d = Data(jobs[^1]);
        Assert.Equal("ROLLUP", d["type"]!.GetValue<string>());
        Assert.Equal(tableId, d["tableId"]!.GetValue<long>());
        Assert.Equal("r1", d["rollUpIndexName"]!.GetValue<string>());
        Assert.Equal(baseIndexId, d["baseIndexid"]!.GetValue<long>());
        Assert.Equal("t", d["baseIndexName"]!.GetValue<string>());
        var rollupId = d["rollupIndexId"]!.GetValue<long>();

        // getMeta lists the rollup in every partition with its own tablets; a load writes it and names it in indexIds.
        var partitions = (await Source.MetaAsync("rol")).Tables!.Single().Partitions!;
        Assert.All(partitions, p => Assert.Equal(["r1", "t"], p.Indexes!.Select(i => i.Name!).Order(StringComparer.Ordinal).ToList()));
        var rollupTablets = partitions.SelectMany(p => p.Indexes!.Single(i => i.Id == rollupId).Tablets!).ToList();
        Assert.Equal(4, rollupTablets.Count);
        Assert.All(rollupTablets, t => Assert.Equal(2, t.Replicas!.Single().Version));
        await Source.ExecAsync("INSERT INTO rol.t VALUES (2, 'c')");
        var upsert = (await BinlogsAsync("rol", jobs[^1].CommitSeq!.Value)).Single();
        Assert.Equal([baseIndexId, rollupId], Data(upsert)["tableRecords"]![tableId.ToString(System.Globalization.CultureInfo.InvariantCulture)]!["indexIds"]!
            .AsArray().Select(i => i!.GetValue<long>()).Order().ToList());
        Assert.Equal(["1|a", "2|c", "12|b"], await Source.LinesAsync("SELECT k, v FROM rol.t ORDER BY k"));

        await Source.ExecAsync("ALTER TABLE rol.t RENAME ROLLUP r1 r2");
        var rename = (await BinlogsAsync("rol", upsert.CommitSeq!.Value)).Single();
        Assert.Equal(TBinlogType.BARRIER, rename.Type);
        Assert.Equal((int)TBinlogType.RENAME_ROLLUP, Data(rename)["binlogType"]!.GetValue<int>());
        var inner = JsonNode.Parse(Data(rename)["binlog"]!.GetValue<string>())!.AsObject();
        Assert.Equal(Sorted("db", "tb", "ind", "p", "nR", "oR"), Keys(inner));
        Assert.Equal(rollupId, inner["ind"]!.GetValue<long>());
        Assert.Equal("r2", inner["nR"]!.GetValue<string>());
        Assert.Equal("r1", inner["oR"]!.GetValue<string>());

        await Source.ExecAsync("ALTER TABLE rol.t DROP ROLLUP r2");
        var drop = (await BinlogsAsync("rol", rename.CommitSeq!.Value)).Single();
        Assert.Equal((int)TBinlogType.DROP_ROLLUP, Data(drop)["binlogType"]!.GetValue<int>());
        inner = JsonNode.Parse(Data(drop)["binlog"]!.GetValue<string>())!.AsObject();
        Assert.Equal(Sorted("dbId", "tableId", "tableName", "indexId", "indexName", "forceDrop", "recycleTime"), Keys(inner));
        Assert.Equal(rollupId, inner["indexId"]!.GetValue<long>());
        Assert.Equal("r2", inner["indexName"]!.GetValue<string>());
        var meta = await Source.MetaAsync("rol");
        Assert.Contains(rollupId, meta.DroppedIndexes!);
        Assert.All(meta.Tables!.Single().Partitions!, p => Assert.Equal(["t"], p.Indexes!.Select(i => i.Name!).ToList()));
        Assert.Contains("does not exist", await Source.FailsAsync("ALTER TABLE rol.t DROP ROLLUP r2"));
    }

    [Fact]
    public async Task Rollups_replay_onto_a_second_cluster()
    {
        foreach (var node in new[] { Source, Target })
        {
            await CreateDbAsync(node, "rrol");
        }

        var replayer = new DdlReplayer(Source, Target, "rrol", "rrol") { RollupColumns = { ["r1"] = "k" } };
        await Source.ExecAsync(Table("rrol", "t"));
        await Source.ExecAsync("INSERT INTO rrol.t VALUES (1, 'a'), (12, 'b')");
        await Source.ExecAsync("ALTER TABLE rrol.t ADD ROLLUP r1 (k)");
        await Source.ExecAsync("INSERT INTO rrol.t VALUES (2, 'c')");
        await replayer.ReplayAllAsync();
        Assert.Contains(TBinlogType.ALTER_JOB, replayer.Replayed);
        var targetIndexes = (await Target.MetaAsync("rrol")).Tables!.Single().Partitions!.SelectMany(p => p.Indexes!).ToList();
        Assert.Equal(["r1", "r1", "t", "t"], targetIndexes.Select(i => i.Name!).Order(StringComparer.Ordinal).ToList());
        Assert.Equal(await Source.LinesAsync("SELECT k, v FROM rrol.t ORDER BY k"), await Target.LinesAsync("SELECT k, v FROM rrol.t ORDER BY k"));

        // The rollup tablets of the target took the replayed load too: their replicas are at the source's versions.
        var src = (await Source.MetaAsync("rrol")).Tables!.Single().Partitions!.ToDictionary(p => p.Name!, p => p.VisibleVersion);
        foreach (var p in (await Target.MetaAsync("rrol")).Tables!.Single().Partitions!)
        {
            Assert.Equal(src[p.Name!], p.VisibleVersion);
            Assert.All(p.Indexes!.Single(i => i.Name == "r1").Tablets!.SelectMany(t => t.Replicas!), r => Assert.Equal(p.VisibleVersion, r.Version));
        }

        await Source.ExecAsync("ALTER TABLE rrol.t RENAME ROLLUP r1 r2");
        await Source.ExecAsync("INSERT INTO rrol.t VALUES (3, 'd')");

        // Replayed before the drop: the replay reads the source's tablets of the rollup, which a drop removes.
        await replayer.ReplayAllAsync();
        await Source.ExecAsync("ALTER TABLE rrol.t DROP ROLLUP r2");
        await replayer.ReplayAllAsync();
        Assert.Equal([TBinlogType.RENAME_ROLLUP, TBinlogType.UPSERT, TBinlogType.DROP_ROLLUP], replayer.Replayed.TakeLast(3).ToList());
        Assert.All((await Target.MetaAsync("rrol")).Tables!.Single().Partitions!, p => Assert.Equal(["t"], p.Indexes!.Select(i => i.Name!).ToList()));
        Assert.Equal(await Source.LinesAsync("SELECT k, v FROM rrol.t ORDER BY k"), await Target.LinesAsync("SELECT k, v FROM rrol.t ORDER BY k"));
    }

    [Fact]
    public async Task A_full_sync_carries_rollups_and_secondary_indexes()
    {
        await CreateDbAsync(Source, "fsr");
        await CreateDbAsync(Target, "fsr");
        await Source.ExecAsync(Table("fsr", "t"));
        await Source.ExecAsync("INSERT INTO fsr.t VALUES (1, 'a'), (12, 'b')");
        await Source.ExecAsync("ALTER TABLE fsr.t ADD ROLLUP r1 (k)");
        await Source.ExecAsync("ALTER TABLE fsr.t ADD INDEX iv (v) USING INVERTED");
        var jobInfo = await FullSync.RunAsync(Source, Target, "fsr", "fsr", "fsr_snap", "`t`");

        var targetMeta = (await Target.MetaAsync("fsr")).Tables!.Single();
        Assert.All(targetMeta.Partitions!, p => Assert.Equal(["r1", "t"], p.Indexes!.Select(i => i.Name!).Order(StringComparer.Ordinal).ToList()));
        Assert.Contains("INDEX iv (`v`) USING INVERTED", (await Target.QueryAsync("SHOW CREATE TABLE fsr.t")).Rows.Single().GetString("Create Table"));
        Assert.Equal(["1|a", "12|b"], await Target.LinesAsync("SELECT k, v FROM fsr.t ORDER BY k"));

        // Incremental after the snapshot: an upsert writes the rollup on both sides.
        var replayer = new DdlReplayer(Source, Target, "fsr", "fsr")
        {
            PrevCommitSeq = jobInfo["table_commit_seq_map"]!.AsObject().Single().Value!.GetValue<long>(),
        };
        await Source.ExecAsync("INSERT INTO fsr.t VALUES (2, 'c')");
        await replayer.ReplayAllAsync();
        Assert.Equal([TBinlogType.UPSERT], replayer.Replayed);
        Assert.Equal(await Source.LinesAsync("SELECT k, v FROM fsr.t ORDER BY k"), await Target.LinesAsync("SELECT k, v FROM fsr.t ORDER BY k"));
        var p1 = (await Target.MetaAsync("fsr")).Tables!.Single().Partitions!.Single(p => p.Name == "p1");
        Assert.All(p1.Indexes!.Single(i => i.Name == "r1").Tablets!.SelectMany(t => t.Replicas!), r => Assert.Equal(p1.VisibleVersion, r.Version));
    }

    [Fact]
    public async Task New_ddl_binlogs_replay_onto_a_second_cluster()
    {
        foreach (var node in new[] { Source, Target })
        {
            await CreateDbAsync(node, "rep");
        }

        var replayer = new DdlReplayer(Source, Target, "rep", "rep");
        await Source.ExecAsync(Table("rep", "a"));
        await Source.ExecAsync(Table("rep", "b"));
        await Source.ExecAsync("INSERT INTO rep.a VALUES (1, 'a1'), (11, 'a11')");
        await Source.ExecAsync("INSERT INTO rep.b VALUES (2, 'b2')");
        await Source.ExecAsync("CREATE VIEW rep.v AS SELECT k FROM rep.a");
        await replayer.ReplayAllAsync();

        await Source.ExecAsync("ALTER TABLE rep.a REPLACE WITH TABLE b PROPERTIES (\"swap\" = \"true\")");
        await Source.ExecAsync("ALTER TABLE rep.a RENAME PARTITION p1 p_low");
        await Source.ExecAsync("ALTER VIEW rep.v AS SELECT k, v FROM rep.b WHERE k > 5");
        await Source.ExecAsync("INSERT INTO rep.a VALUES (3, 'a3')");
        await Source.ExecAsync("ALTER TABLE rep.a ADD INDEX iv (v) USING INVERTED");
        await Source.ExecAsync("BUILD INDEX iv ON rep.a");
        await Source.ExecAsync("CREATE INDEX ik ON rep.b (k) USING INVERTED");
        await Source.ExecAsync("DROP INDEX ik ON rep.b");
        await Source.ExecAsync("ALTER TABLE rep.b MODIFY PARTITION (*) SET (\"is_mutable\" = \"false\")");
        await Source.ExecAsync("ALTER TABLE rep.b MODIFY DISTRIBUTION DISTRIBUTED BY HASH(k) BUCKETS 4");
        await Source.ExecAsync("ALTER TABLE rep.a DROP PARTITION p2");
        await Source.ExecAsync("RECOVER PARTITION p2 AS p_high FROM rep.a");
        await replayer.ReplayAllAsync();
        Assert.Equal(
            [TBinlogType.REPLACE_TABLE, TBinlogType.RENAME_PARTITION, TBinlogType.MODIFY_VIEW_DEF,
             TBinlogType.MODIFY_TABLE_ADD_OR_DROP_INVERTED_INDICES, TBinlogType.INDEX_CHANGE_JOB, TBinlogType.INDEX_CHANGE_JOB,
             TBinlogType.MODIFY_TABLE_ADD_OR_DROP_INVERTED_INDICES, TBinlogType.MODIFY_TABLE_ADD_OR_DROP_INVERTED_INDICES,
             TBinlogType.MODIFY_PARTITIONS, TBinlogType.MODIFY_DISTRIBUTION_BUCKET_NUM, TBinlogType.DROP_PARTITION, TBinlogType.RECOVER_INFO],
            replayer.Replayed.Where(t => t is not (TBinlogType.UPSERT or TBinlogType.CREATE_TABLE)).ToList());

        await AssertSameAsync("rep", "SELECT k, v FROM rep.a ORDER BY k", "SELECT k, v FROM rep.b ORDER BY k", "SELECT * FROM rep.v ORDER BY k");
        await AssertSameAsync("rep", "SHOW CREATE VIEW rep.v", "SHOW INDEX FROM rep.a", "SHOW INDEX FROM rep.b");
        Assert.Contains("INDEX iv (`v`) USING INVERTED", (await Target.QueryAsync("SHOW CREATE TABLE rep.a")).Rows.Single().GetString("Create Table"));
        Assert.Contains("BUCKETS 4", (await Target.QueryAsync("SHOW CREATE TABLE rep.b")).Rows.Single().GetString("Create Table"));
        Assert.All((await Target.QueryAsync("SHOW PARTITIONS FROM rep.b")).Rows, r => Assert.Equal("false", r.GetString("IsMutable")));
        Assert.Equal(await PartitionNamesAsync(Source, "rep.a"), await PartitionNamesAsync(Target, "rep.a"));
        Assert.Equal(["p_high", "p_low"], await PartitionNamesAsync(Target, "rep.a"));
        Assert.Equal(["2|b2", "3|a3"], await Target.LinesAsync("SELECT k, v FROM rep.a ORDER BY k"));
    }

    private static async Task<List<string>> PartitionNamesAsync(DorisNode node, string table) =>
        (await node.QueryAsync($"SHOW PARTITIONS FROM {table}")).Rows.Select(r => r.GetString("PartitionName")).Order(StringComparer.Ordinal).ToList();

    /// <summary>Source and target answer the same, after the source db name and ids are taken out.</summary>
    private async Task AssertSameAsync(string db, params string[] queries)
    {
        foreach (var q in queries)
        {
            var src = await Source.LinesAsync(q);
            var dst = await Target.LinesAsync(q);
            Assert.Equal(Normalise(src), Normalise(dst));
        }
    }

    /// <summary>Ids, versions, times and replica placement differ between clusters by nature; names and rows must not.</summary>
    private static List<string> Normalise(List<string> lines) =>
        lines.Select(l => System.Text.RegularExpressions.Regex.Replace(l, @"\b\d{5,}\b|\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}", "#")).ToList();

    /// <summary>
    /// ADD_PARTITION carries Doris 2.1's Gson forms (docs/minidoris.md, "ADD_PARTITION"): the record keys, the whole
    /// Partition (base index, rollup and shadow maps, deprecated hashes), a Guava range of PartitionKey arrays (the
    /// dummy closed range of empty keys for list and unpartitioned tables) and an always-empty list item.
    /// </summary>
    [Fact]
    public async Task Add_partition_payload_has_Doris_two_one_keys_for_range_list_and_unpartitioned_tables()
    {
        await CreateDbAsync(Source, "addp");
        await Source.ExecAsync(Table("addp", "r"));
        await Source.ExecAsync("""
            CREATE TABLE addp.l (k INT, v VARCHAR(20)) DUPLICATE KEY(k)
            PARTITION BY LIST(k) (PARTITION p1 VALUES IN (1, 2))
            DISTRIBUTED BY HASH(k) BUCKETS 2 PROPERTIES ("replication_num" = "1", "binlog.enable" = "true")
            """);
        await Source.ExecAsync("""
            CREATE TABLE addp.u (k INT, v VARCHAR(20)) DUPLICATE KEY(k)
            DISTRIBUTED BY RANDOM BUCKETS 1 PROPERTIES ("replication_num" = "1", "binlog.enable" = "true")
            """);
        var before = await LastSeqAsync("addp");
        await Source.ExecAsync("ALTER TABLE addp.r ADD PARTITION p3 VALUES [(\"20\"), (\"30\"))");
        await Source.ExecAsync("ALTER TABLE addp.l ADD PARTITION p2 VALUES IN (3)");
        await Source.ExecAsync("INSERT OVERWRITE TABLE addp.u VALUES (1, 'one')");
        var adds = (await BinlogsAsync("addp", before)).Where(b => b.Type == TBinlogType.ADD_PARTITION).Select(Data).ToList();
        Assert.Equal(3, adds.Count);

        var recordKeys = Sorted("commitSeq", "dbId", "tableId", "partition", "range", "listPartitionItem", "dataProperty",
            "replicaAlloc", "isInMemory", "isTempPartition", "isMutable", "sql");
        var partitionKeys = Sorted("id", "name", "state", "baseIndex", "idToVisibleRollupIndex", "idToShadowIndex",
            "committedVersionHash", "visibleVersion", "visibleVersionTime", "visibleVersionHash", "nextVersion",
            "nextVersionHash", "distributionInfo");
        foreach (var d in adds)
        {
            Assert.Equal(recordKeys, Keys(d));
            var partition = d["partition"]!.AsObject();
            Assert.Equal(partitionKeys, Keys(partition));
            var index = partition["baseIndex"]!.AsObject();
            Assert.Equal(Sorted("id", "state", "rowCount", "tablets", "rollupIndexId", "rollupFinishedVersion"), Keys(index));
            var tablet = index["tablets"]!.AsArray()[0]!.AsObject();
            Assert.Equal(Sorted("id", "replicas", "checkedVersion", "checkedVersionHash", "isConsistent", "cooldownReplicaId",
                "cooldownTerm"), Keys(tablet));
            Assert.Equal(Sorted("id", "backendId", "version", "versionHash", "dataSize", "remoteDataSize", "rowCount", "state",
                "lastFailedVersion", "lastFailedVersionHash", "lastSuccessVersion", "lastSuccessVersionHash"),
                Keys(tablet["replicas"]!.AsArray()[0]!.AsObject()));
            Assert.Empty(partition["idToVisibleRollupIndex"]!.AsObject());
            Assert.Empty(partition["idToShadowIndex"]!.AsObject());
            // HashDistributionInfo adds distributionColumns to the base class's fields; RandomDistributionInfo adds none.
            var distribution = partition["distributionInfo"]!.AsObject();
            Assert.Equal(distribution["type"]!.GetValue<string>() == "HASH"
                ? Sorted("clazz", "type", "bucketNum", "autoBucket", "distributionColumns")
                : Sorted("clazz", "type", "bucketNum", "autoBucket"), Keys(distribution));
            // 2.1's ListPartitionItem has no serialised field: every record carries an empty object.
            Assert.Empty(d["listPartitionItem"]!.AsObject());
            Assert.Equal(2, d["range"]!.AsArray().Count);
            // Map<Tag, Short> with complex map keys: an array of [tag object, count] pairs.
            Assert.Equal("[[{\"type\":\"location\",\"value\":\"default\"},1]]", d["replicaAlloc"]!["allocMap"]!.ToJsonString());
        }

        // Range: [{CLOSED, [[INT, 20]]}, {OPEN, [[INT, 30]]}], integers as JSON numbers.
        var range = adds[0]["range"]!.AsArray();
        Assert.Equal("CLOSED", range[0]!["type"]!.GetValue<string>());
        Assert.Equal("OPEN", range[1]!["type"]!.GetValue<string>());
        Assert.Equal("[[\"INT\",20]]", range[0]!["value"]!.ToJsonString());
        Assert.Equal("[[\"INT\",30]]", range[1]!["value"]!.ToJsonString());
        Assert.Equal("HashDistributionInfo", adds[0]["partition"]!["distributionInfo"]!["clazz"]!.GetValue<string>());
        Assert.Equal("k", adds[0]["partition"]!["distributionInfo"]!["distributionColumns"]![0]!["name"]!.GetValue<string>());

        // List and unpartitioned: the dummy range, closed on two empty keys.
        const string Dummy = "[{\"type\":\"CLOSED\",\"value\":[]},{\"type\":\"CLOSED\",\"value\":[]}]";
        Assert.Equal(Dummy, adds[1]["range"]!.ToJsonString());
        Assert.Equal(Dummy, adds[2]["range"]!.ToJsonString());
        Assert.StartsWith("ADD PARTITION `p2` VALUES IN (\"3\")", adds[1]["sql"]!.GetValue<string>());
        Assert.True(adds[2]["isTempPartition"]!.GetValue<bool>());
        Assert.Equal("RandomDistributionInfo", adds[2]["partition"]!["distributionInfo"]!["clazz"]!.GetValue<string>());
        Assert.Equal("RANDOM", adds[2]["partition"]!["distributionInfo"]!["type"]!.GetValue<string>());
    }
}
