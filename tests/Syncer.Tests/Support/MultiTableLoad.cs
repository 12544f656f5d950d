using System.Globalization;
using Syncer.Doris.Binlog.Records;
using Syncer.Doris.Rpc;
using Syncer.Doris.Thrift;

namespace Syncer.Tests.Support;

/// <summary>
/// Commits one transaction spanning several tables of a database, as Doris does for a transactional insert into
/// several tables or a CCR load of a multi-table source transaction: one beginTxn naming every table, ingest_binlog
/// of each table's rows, one commitTxn. minidoris's SQL writes one table per transaction, so the rows come from
/// staging tables of the same layout (unpartitioned, no rollups) whose newest load is ingested over the BEs' HTTP.
/// The published transaction leaves one UPSERT binlog naming every table, which is what a database job must replay
/// atomically.
/// </summary>
public static class MultiTableLoad
{
    /// <summary>A table of the loaded database and the staging table whose newest load it receives.</summary>
    public sealed record Part(string Table, MiniDorisCluster Staging, string StagingDb, string StagingTable);

    /// <summary>Commits the newest load of every staging table into its table of <paramref name="db"/> in one transaction labelled <paramref name="label"/>.</summary>
    public static async Task CommitAsync(MiniDorisCluster cluster, string db, string label, params Part[] parts)
    {
        var ct = CancellationToken.None;
        await using var fe = new FrontendClient(new ThriftClientOptions("127.0.0.1", cluster.RpcPort));
        var dbId = await cluster.DatabaseIdAsync(db) ?? throw new InvalidOperationException($"no database {db}");
        var tableIds = new List<long>();
        foreach (var part in parts) tableIds.Add(await cluster.TableIdAsync(db, part.Table));

        var begin = await fe.BeginTxnAsync(new TBeginTxnRequest { User = "root", Passwd = "", Db = db, TableIds = tableIds, Label = label }, ct);
        var txnId = begin.__isset.txn_id ? begin.TxnId : throw new InvalidOperationException($"beginTxn: {Describe(begin.Status)}");
        var backends = await BackendsAsync(fe);
        var infos = new List<TTabletCommitInfo>();
        for (var i = 0; i < parts.Length; i++)
        {
            var part = parts[i];
            await using var stagingFe = new FrontendClient(new ThriftClientOptions("127.0.0.1", part.Staging.RpcPort));
            var stagingTableId = await part.Staging.TableIdAsync(part.StagingDb, part.StagingTable);
            var load = await NewestLoadAsync(stagingFe, part.StagingDb, part.StagingTable, stagingTableId);
            var stagingTablets = await BaseTabletsAsync(stagingFe, await part.Staging.DatabaseIdAsync(part.StagingDb) ?? 0, stagingTableId);
            var stagingBackends = await BackendsAsync(stagingFe);
            var (partitionId, tablets) = await BaseTabletsAsync(fe, dbId, tableIds[i]);
            if (tablets.Count != stagingTablets.Tablets.Count)
                throw new InvalidOperationException($"{part.Table} has {tablets.Count} tablets, its staging table {stagingTablets.Tablets.Count}");
            for (var t = 0; t < tablets.Count; t++)
            {
                var from = stagingBackends[stagingTablets.Tablets[t].Replicas![0].BackendId];
                foreach (var replica in tablets[t].Replicas!)
                {
                    var to = backends[replica.BackendId];
                    await using var be = new BackendClient(new ThriftClientOptions(to.Host, to.BePort));
                    var ingest = await be.IngestBinlogAsync(new TIngestBinlogRequest
                    {
                        TxnId = txnId, RemoteTabletId = stagingTablets.Tablets[t].Id, BinlogVersion = load.Version, RemoteHost = from.Host,
                        RemotePort = from.HttpPort.ToString(CultureInfo.InvariantCulture), PartitionId = partitionId,
                        LocalTabletId = tablets[t].Id, LoadId = new TUniqueId { Hi = txnId, Lo = tablets[t].Id },
                    }, ct);
                    if (ingest.Status?.StatusCode != TStatusCode.OK) throw new InvalidOperationException($"ingest_binlog: {Describe(ingest.Status)}");
                    infos.Add(new TTabletCommitInfo { TabletId = tablets[t].Id, BackendId = replica.BackendId });
                }
            }
        }

        var commit = await fe.CommitTxnAsync(new TCommitTxnRequest { User = "root", Passwd = "", Db = db, TxnId = txnId, CommitInfos = infos }, ct);
        if (commit.Status?.StatusCode != TStatusCode.OK) throw new InvalidOperationException($"commitTxn: {Describe(commit.Status)}");
    }

    /// <summary>Every UPSERT binlog of <paramref name="db"/>'s database-level list, oldest first.</summary>
    public static async Task<IReadOnlyList<UpsertRecord>> UpsertsAsync(MiniDorisCluster cluster, string db)
    {
        await using var fe = new FrontendClient(new ThriftClientOptions("127.0.0.1", cluster.RpcPort));
        return await UpsertsAsync(fe, db);
    }

    private static async Task<IReadOnlyList<UpsertRecord>> UpsertsAsync(FrontendClient fe, string db)
    {
        var result = new List<UpsertRecord>();
        long prev = 0;
        while (true)
        {
            var got = await fe.GetBinlogAsync(new TGetBinlogRequest { User = "root", Passwd = "", Db = db, PrevCommitSeq = prev, NumAcquired = 100 }, CancellationToken.None);
            if (got.Status?.StatusCode != TStatusCode.OK || got.Binlogs is not { Count: > 0 } binlogs) return result;
            foreach (var binlog in binlogs)
            {
                prev = binlog.CommitSeq;
                if (binlog.Type == TBinlogType.UPSERT && binlog.Data is { } data) result.Add(BinlogJson.Deserialize<UpsertRecord>(data));
            }
        }
    }

    // The staging databases have binlog on, so their database-level list holds every load.
    private static async Task<UpsertPartitionRecord> NewestLoadAsync(FrontendClient fe, string db, string table, long tableId) =>
        (await UpsertsAsync(fe, db)).LastOrDefault(u => u.TableRecords.ContainsKey(tableId))?.TableRecords[tableId].PartitionRecords.Single()
        ?? throw new InvalidOperationException($"{db}.{table} has no load");

    private static async Task<(long PartitionId, List<TGetMetaTabletMeta> Tablets)> BaseTabletsAsync(FrontendClient fe, long dbId, long tableId)
    {
        var meta = await fe.GetMetaAsync(new TGetMetaRequest
        {
            User = "root", Passwd = "", Db = new TGetMetaDB { Id = dbId, Tables = [new TGetMetaTable { Id = tableId }] },
        }, CancellationToken.None);
        var partition = meta.DbMeta!.Tables!.Single(t => t.Id == tableId).Partitions!.Single();
        return (partition.Id, partition.Indexes!.Single().Tablets!.OrderBy(t => t.Id).ToList());
    }

    private static async Task<Dictionary<long, TBackend>> BackendsAsync(FrontendClient fe) =>
        (await fe.GetBackendMetaAsync(new TGetBackendMetaRequest { User = "root", Passwd = "" }, CancellationToken.None)).Backends!.ToDictionary(b => b.Id);

    private static string Describe(TStatus? status) => $"{status?.StatusCode} {string.Join(" ", status?.ErrorMsgs ?? [])}";
}
