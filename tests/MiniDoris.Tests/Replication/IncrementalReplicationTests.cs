using System.Text.Json.Nodes;
using Syncer.Doris.Thrift;

namespace MiniDoris.Tests.Replication;

/// <summary>
/// Two minidoris processes replicate to each other exactly as two Doris clusters do under a syncer: binlogs from the
/// source FE, transactions on the target FE, rowsets pulled BE to BE over HTTP.
/// </summary>
[Trait("Category", "EndToEnd")]
public sealed class IncrementalReplicationTests : IClassFixture<ClusterPairFixture>
{
    private const string Ddl = """
        CREATE TABLE {0}.t (k INT, d DATE, v VARCHAR(20)) UNIQUE KEY(k, d)
        PARTITION BY RANGE(d) (PARTITION p1 VALUES LESS THAN ('2024-02-01'), PARTITION p2 VALUES LESS THAN ('2024-03-01'))
        DISTRIBUTED BY HASH(k) BUCKETS 3 PROPERTIES ("replication_num" = "{1}", "binlog.enable" = "true")
        """;

    private readonly ClusterPairFixture _pair;

    public IncrementalReplicationTests(ClusterPairFixture pair)
    {
        _pair = pair;
    }

    private DorisNode Source => _pair.Source;

    private DorisNode Target => _pair.Target;

    private async Task CreateBothAsync(string db)
    {
        await Source.ExecAsync($"CREATE DATABASE {db}");
        await Source.ExecAsync(string.Format(System.Globalization.CultureInfo.InvariantCulture, Ddl, db, 1));
        await Target.ExecAsync($"CREATE DATABASE {db}");
        await Target.ExecAsync(string.Format(System.Globalization.CultureInfo.InvariantCulture, Ddl, db, 2));
    }

    [Fact]
    public async Task Upserts_overwrites_and_deletes_replay_onto_the_target()
    {
        await CreateBothAsync("inc1");
        var replicator = new ManualReplicator(Source, Target, "inc1", "inc1");
        await Source.ExecAsync("INSERT INTO inc1.t VALUES (1, '2024-01-05', 'a'), (2, '2024-01-06', 'b'), (3, '2024-02-07', 'c'), (4, '2024-02-08', 'd')");
        Assert.Equal(1, await replicator.ReplayAllAsync());
        await AssertSameRows("inc1");

        // A UNIQUE overwrite, then a DELETE, then a load into one partition only: each replays as its own txn.
        await Source.ExecAsync("INSERT INTO inc1.t VALUES (2, '2024-01-06', 'B'), (5, '2024-02-09', 'e')");
        await Source.ExecAsync("DELETE FROM inc1.t WHERE k = 3");
        await Source.ExecAsync("INSERT INTO inc1.t VALUES (6, '2024-01-10', 'f')");
        Assert.Equal(3, await replicator.ReplayAllAsync());
        await AssertSameRows("inc1");
        Assert.Equal(["1|2024-01-05|a", "2|2024-01-06|B", "4|2024-02-08|d", "5|2024-02-09|e", "6|2024-01-10|f"],
            await Target.LinesAsync("SELECT k, d, v FROM inc1.t ORDER BY k"));

        // Each target partition took one version per replayed txn that touched it; every replica followed.
        var src = (await Source.MetaAsync("inc1")).Tables!.Single().Partitions!.OrderBy(p => p.Name).Select(p => p.VisibleVersion).ToList();
        var dst = (await Target.MetaAsync("inc1")).Tables!.Single().Partitions!.OrderBy(p => p.Name).ToList();
        Assert.Equal(src, dst.Select(p => p.VisibleVersion).ToList());
        Assert.All(dst.SelectMany(p => p.Indexes!.SelectMany(i => i.Tablets!.SelectMany(t => t.Replicas!.Select(r => (p, r))))),
            x => Assert.Equal(x.p.VisibleVersion, x.r.Version));
        Assert.All(dst.SelectMany(p => p.Indexes!.SelectMany(i => i.Tablets!)), t => Assert.Equal(2, t.Replicas!.Count));

        foreach (var txn in replicator.Committed)
        {
            var row = (await Target.QueryAsync($"SHOW TRANSACTION FROM inc1 WHERE id = {txn}")).Rows.Single();
            Assert.Equal("VISIBLE", row.GetString("TransactionStatus"));
            Assert.Equal("BACKEND_STREAMING", row.GetString("LoadJobSourceType"));
        }
    }

    [Fact]
    public async Task The_target_records_its_own_upsert_binlogs()
    {
        await CreateBothAsync("inc2");
        var replicator = new ManualReplicator(Source, Target, "inc2", "inc2");
        await Source.ExecAsync("INSERT INTO inc2.t VALUES (1, '2024-01-05', 'a'), (3, '2024-02-07', 'c')");
        await replicator.ReplayAllAsync();

        // Chained CCR: the target's VISIBLE txn is an UPSERT binlog of the target, with the target's ids and versions.
        var binlogs = await Target.Fe.GetBinlogAsync(new TGetBinlogRequest
        {
            User = "root", Passwd = string.Empty, Db = "inc2", Table = "t", PrevCommitSeq = 0, NumAcquired = 100,
        }, CancellationToken.None);
        var upsert = binlogs.Binlogs!.Single(b => b.Type == TBinlogType.UPSERT);
        var data = JsonNode.Parse(upsert.Data!)!;
        Assert.Equal(replicator.Committed.Single(), data["txnId"]!.GetValue<long>());
        var targetTableId = await Target.TableIdAsync("inc2", "t");
        var partitions = data["tableRecords"]![targetTableId.ToString(System.Globalization.CultureInfo.InvariantCulture)]!["partitionRecords"]!.AsArray();
        Assert.Equal(2, partitions.Count);
        Assert.All(partitions, p => Assert.Equal(2, p!["version"]!.GetValue<long>()));
    }

    private async Task AssertSameRows(string db)
    {
        const string query = "SELECT k, d, v FROM {0}.t ORDER BY k";
        var sql = string.Format(System.Globalization.CultureInfo.InvariantCulture, query, db);
        Assert.Equal(await Source.LinesAsync(sql), await Target.LinesAsync(sql));
    }
}
