using System.Globalization;
using Syncer.Doris.Thrift;

namespace MiniDoris.Tests.Replication;

/// <summary>
/// A source and a target table with one binlog to ingest, and helpers to drive one remote txn by hand: begin,
/// ingest into chosen replicas, commit with chosen commit infos.
/// </summary>
public sealed class TxnScenario
{
    private TxnScenario(DorisNode source, DorisNode target, string db)
    {
        Source = source;
        Target = target;
        Db = db;
    }

    public DorisNode Source { get; }

    public DorisNode Target { get; }

    public string Db { get; }

    public long TargetTableId { get; private set; }

    /// <summary>Source table t (1 replica) and target table t (2 replicas unless told, unpartitioned, one bucket) with rows on the source.</summary>
    public static async Task<TxnScenario> CreateAsync(DorisNode source, DorisNode target, string db, string rows = "(1, 'a'), (2, 'b')", int targetReplicas = 2)
    {
        foreach (var (node, replicas) in new[] { (source, 1), (target, targetReplicas) })
        {
            await node.ExecAsync($"CREATE DATABASE {db}");
            await node.ExecAsync($"CREATE TABLE {db}.t (k INT, v VARCHAR(10)) DUPLICATE KEY(k) DISTRIBUTED BY HASH(k) BUCKETS 1 "
                + $"PROPERTIES (\"replication_num\" = \"{replicas}\", \"binlog.enable\" = \"true\")");
        }

        await source.ExecAsync($"INSERT INTO {db}.t VALUES {rows}");
        var scenario = new TxnScenario(source, target, db);
        scenario.TargetTableId = await target.TableIdAsync(db, "t");
        return scenario;
    }

    public TBeginTxnRequest BeginRequest(string label) => new()
    {
        User = "root", Passwd = string.Empty, Db = Db, TableIds = [TargetTableId], Label = label,
    };

    public async Task<long> BeginAsync(string? label = null, long? timeout = null)
    {
        var request = BeginRequest(label ?? "l_" + Guid.NewGuid().ToString("N"));
        if (timeout is { } seconds)
        {
            request.Timeout = seconds;
        }

        var result = await Target.Fe.BeginTxnAsync(request, CancellationToken.None);
        Assert.True(result.Status!.StatusCode == TStatusCode.OK, string.Join(";", result.Status.ErrorMsgs ?? []));
        return result.TxnId;
    }

    /// <summary>The single target tablet with its replicas' backends, and the source tablet/version/BE to ingest from.</summary>
    public async Task<(long Tablet, List<long> Backends, long Partition, TIngestBinlogRequest Template)> LayoutAsync(long version = 2)
    {
        var dst = (await Target.MetaAsync(Db)).Tables!.Single(t => t.Name == "t").Partitions!.Single();
        var tablet = dst.Indexes!.Single().Tablets!.Single();
        var src = (await Source.MetaAsync(Db)).Tables!.Single(t => t.Name == "t").Partitions!.Single();
        var srcTablet = src.Indexes!.Single().Tablets!.Single();
        var srcBe = (await Source.BackendsAsync()).Single(b => b.Id == srcTablet.Replicas!.Single().BackendId);
        return (tablet.Id, tablet.Replicas!.Select(r => r.BackendId).ToList(), dst.Id, new TIngestBinlogRequest
        {
            RemoteTabletId = srcTablet.Id,
            BinlogVersion = version,
            RemoteHost = srcBe.Host,
            RemotePort = srcBe.HttpPort.ToString(CultureInfo.InvariantCulture),
            PartitionId = dst.Id,
            LocalTabletId = tablet.Id,
            LoadId = new TUniqueId { Hi = -1, Lo = -1 },
        });
    }

    public async Task<TIngestBinlogResult> IngestAsync(long txnId, long backendId, long version = 2)
    {
        var (_, _, _, template) = await LayoutAsync(version);
        template.TxnId = txnId;
        return await (await Target.BeAsync(backendId)).IngestBinlogAsync(template, CancellationToken.None);
    }

    /// <summary>Ingests into every target replica and commits them all.</summary>
    public async Task<TCommitTxnResult> IngestAllAndCommitAsync(long txnId, long version = 2)
    {
        var (tablet, backends, _, _) = await LayoutAsync(version);
        foreach (var be in backends)
        {
            var ingest = await IngestAsync(txnId, be, version);
            Assert.True(ingest.Status!.StatusCode == TStatusCode.OK, string.Join(";", ingest.Status.ErrorMsgs ?? []));
        }

        return await CommitAsync(txnId, backends.Select(b => new TTabletCommitInfo { TabletId = tablet, BackendId = b }).ToList());
    }

    public async Task<TCommitTxnResult> CommitAsync(long txnId, List<TTabletCommitInfo> infos) =>
        await Target.Fe.CommitTxnAsync(new TCommitTxnRequest { User = "root", Passwd = string.Empty, Db = Db, TxnId = txnId, CommitInfos = infos }, CancellationToken.None);

    public async Task<TRollbackTxnResult> RollbackAsync(long txnId, string? reason = null) =>
        await Target.Fe.RollbackTxnAsync(new TRollbackTxnRequest { User = "root", Passwd = string.Empty, Db = Db, TxnId = txnId, Reason = reason }, CancellationToken.None);

    public async Task<string> StatusAsync(long txnId) => await ManualReplicator.TxnStatusAsync(Target, Db, txnId);

    public async Task<List<string>> TargetRowsAsync() => await Target.LinesAsync($"SELECT * FROM {Db}.t ORDER BY k");
}
