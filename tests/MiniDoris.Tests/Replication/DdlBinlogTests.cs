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
    public async Task ReplaceWithTableSwapsOrDropsAndRecordsReplaceTable()
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
    public async Task RenamePartitionTravelsInsideABarrier()
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
    public async Task AlterViewRecordsModifyViewDef()
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
    public async Task NewDdlBinlogsReplayOntoASecondCluster()
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
        await replayer.ReplayAllAsync();
        Assert.Equal(
            [TBinlogType.REPLACE_TABLE, TBinlogType.RENAME_PARTITION, TBinlogType.MODIFY_VIEW_DEF],
            replayer.Replayed.Where(t => t is not (TBinlogType.UPSERT or TBinlogType.CREATE_TABLE)).ToList());

        await AssertSameAsync("rep", "SELECT k, v FROM rep.a ORDER BY k", "SELECT k, v FROM rep.b ORDER BY k", "SELECT * FROM rep.v ORDER BY k");
        await AssertSameAsync("rep", "SHOW CREATE VIEW rep.v");
        Assert.Equal(await PartitionNamesAsync(Source, "rep.a"), await PartitionNamesAsync(Target, "rep.a"));
        Assert.Equal(["p2", "p_low"], await PartitionNamesAsync(Target, "rep.a"));
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
}
