using System.Globalization;
using Syncer.Doris.Thrift;

namespace MiniDoris.Tests.Replication;

/// <summary>Full sync between two minidoris processes, then the incremental replay from table_commit_seq_map.</summary>
[Trait("Category", "EndToEnd")]
public sealed class FullSyncTests : IClassFixture<ClusterPairFixture>
{
    private readonly ClusterPairFixture _pair;

    public FullSyncTests(ClusterPairFixture pair)
    {
        _pair = pair;
    }

    private DorisNode Source => _pair.Source;

    private DorisNode Target => _pair.Target;

    [Fact]
    public async Task Backup_restore_then_incremental_replay()
    {
        await Source.ExecAsync("CREATE DATABASE fs1 PROPERTIES (\"binlog.enable\" = \"true\")");
        await Source.ExecAsync("""
            CREATE TABLE fs1.t (k INT, d DATE, v VARCHAR(20)) UNIQUE KEY(k, d)
            PARTITION BY RANGE(d) (PARTITION p1 VALUES LESS THAN ('2024-02-01'), PARTITION p2 VALUES LESS THAN ('2024-03-01'))
            DISTRIBUTED BY HASH(k) BUCKETS 2 PROPERTIES ("replication_num" = "2")
            """);
        await Source.ExecAsync("CREATE TABLE fs1.u (k INT, n BIGINT SUM) AGGREGATE KEY(k) DISTRIBUTED BY HASH(k) BUCKETS 1 PROPERTIES (\"replication_num\" = \"1\")");
        await Source.ExecAsync("INSERT INTO fs1.t VALUES (1, '2024-01-05', 'a'), (2, '2024-02-06', 'b')");
        await Source.ExecAsync("INSERT INTO fs1.t VALUES (2, '2024-02-06', 'B'), (3, '2024-01-07', 'c')");
        await Source.ExecAsync("DELETE FROM fs1.t WHERE k = 1");
        await Source.ExecAsync("INSERT INTO fs1.u VALUES (1, 10), (1, 5), (2, 1)");
        await Target.ExecAsync("CREATE DATABASE fs1");

        var jobInfo = await FullSync.RunAsync(Source, Target, "fs1", "fs1", "ccrs_fs1_1", "`t`, `u`", r => r.AtomicRestore = true);

        Assert.Equal(await Source.LinesAsync("SELECT * FROM fs1.t ORDER BY k"), await Target.LinesAsync("SELECT * FROM fs1.t ORDER BY k"));
        Assert.Equal(["1|15", "2|1"], await Target.LinesAsync("SELECT * FROM fs1.u ORDER BY k"));
        var created = (await Target.QueryAsync("SHOW CREATE TABLE fs1.t")).Rows.Single().GetString("Create Table");
        Assert.Contains("\"is_being_synced\" = \"true\"", created);
        Assert.Contains("\"replication_allocation\" = \"tag.location.default: 2\"", created);

        // The target partitions stand at the source's visible versions, on every replica.
        var src = (await Source.MetaAsync("fs1")).Tables!.Single(t => t.Name == "t").Partitions!.OrderBy(p => p.Name).ToList();
        var dst = (await Target.MetaAsync("fs1")).Tables!.Single(t => t.Name == "t").Partitions!.OrderBy(p => p.Name).ToList();
        Assert.Equal(src.Select(p => (p.Name, p.Range, p.VisibleVersion)), dst.Select(p => (p.Name, p.Range, p.VisibleVersion)));
        Assert.All(dst.SelectMany(p => p.Indexes!.SelectMany(i => i.Tablets!.SelectMany(t => t.Replicas!))), r => Assert.True(r.Version >= 2));

        // Incremental sync continues from the snapshot's table commit seqs: loads before the backup are skipped.
        var seqs = jobInfo["table_commit_seq_map"]!.AsObject().ToDictionary(
            e => long.Parse(e.Key, CultureInfo.InvariantCulture), e => e.Value!.GetValue<long>());
        var replicator = new ManualReplicator(Source, Target, "fs1", "fs1", seqs.Values.Min());
        foreach (var (table, seq) in seqs)
        {
            replicator.TableCommitSeqs[table] = seq;
        }

        Assert.Equal(0, await replicator.ReplayAllAsync());
        await Source.ExecAsync("INSERT INTO fs1.t VALUES (4, '2024-02-20', 'd'), (3, '2024-01-07', 'C')");
        await Source.ExecAsync("INSERT INTO fs1.u VALUES (2, 2)");
        Assert.Equal(2, await replicator.ReplayAllAsync());
        Assert.Equal(await Source.LinesAsync("SELECT * FROM fs1.t ORDER BY k"), await Target.LinesAsync("SELECT * FROM fs1.t ORDER BY k"));
        Assert.Equal(["1|15", "2|3"], await Target.LinesAsync("SELECT * FROM fs1.u ORDER BY k"));
    }

    [Fact]
    public async Task Compressed_snapshots_restore_and_table_refs_alias()
    {
        await Source.ExecAsync("CREATE DATABASE fs2");
        await Source.ExecAsync("CREATE TABLE fs2.t (k INT, v INT) DUPLICATE KEY(k) DISTRIBUTED BY HASH(k) BUCKETS 2 PROPERTIES (\"replication_num\" = \"1\")");
        await Source.ExecAsync("INSERT INTO fs2.t VALUES (1, 1), (2, 2), (3, 3)");
        await Target.ExecAsync("CREATE DATABASE fs2");
        await FullSync.BackupAsync(Source, "fs2", "snap2", "`t`");

        var compressed = await FullSync.GetSnapshotAsync(Source, "fs2", "snap2", compress: true);
        Assert.True(compressed.Compressed);
        var plain = await FullSync.GetSnapshotAsync(Source, "fs2", "snap2");
        Assert.Equal(plain.JobInfo, Gunzip(compressed.JobInfo!));
        Assert.Equal(plain.Meta, Gunzip(compressed.Meta!));

        var jobInfo = await FullSync.WithExtraInfoAsync(Source, plain.JobInfo!);
        var request = FullSync.RestoreRequest("fs2", "snap2_r", Gzip(plain.Meta!), Gzip(jobInfo));
        request.Compressed = true;
        request.TableRefs = [new TTableRef { Table = "t", AliasName = "t_alias" }];
        var restore = await Target.Fe.RestoreSnapshotAsync(request, CancellationToken.None);
        Assert.Equal(TStatusCode.OK, restore.Status!.StatusCode);
        var row = await FullSync.WaitRestoreAsync(Target, "fs2", "snap2_r", "FINISHED");
        Assert.Equal("FINISHED", row.GetString("State"));
        Assert.Equal(["1|1", "2|2", "3|3"], await Target.LinesAsync("SELECT * FROM fs2.t_alias ORDER BY k"));
        Assert.Empty(await Target.LinesAsync("SHOW TABLES FROM fs2 LIKE 't'"));
    }

    private static byte[] Gzip(byte[] data)
    {
        using var output = new MemoryStream();
        using (var gzip = new System.IO.Compression.GZipStream(output, System.IO.Compression.CompressionLevel.Fastest))
        {
            gzip.Write(data);
        }

        return output.ToArray();
    }

    private static byte[] Gunzip(byte[] data)
    {
        using var input = new System.IO.Compression.GZipStream(new MemoryStream(data), System.IO.Compression.CompressionMode.Decompress);
        using var output = new MemoryStream();
        input.CopyTo(output);
        return output.ToArray();
    }
}
