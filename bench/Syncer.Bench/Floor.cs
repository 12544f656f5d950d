using System.Globalization;
using Syncer.Doris.Binlog.Records;
using Syncer.Doris.Rpc;
using Syncer.Doris.Thrift;

namespace Syncer.Bench;

/// <summary>
/// The raw floor: the RPC sequence of one upsert apply (getBinlog → beginTxn → getMeta/getBackendMeta → ingest_binlog →
/// commitTxn) driven straight from Syncer.Doris's clients, one binlog after another (fetched in batches of the syncer's
/// size), no syncer. Layouts are read once
/// (the syncer caches them too), so the floor is what the wire and minidoris cost and the ratio shows the syncer's own.
/// </summary>
public static class Floor
{
    /// <summary>The syncer's IncrementalStep.BatchSize: binlogs asked for per getBinlog.</summary>
    private const int BatchSize = 100;

    /// <summary>Applies every UPSERT of src db.table after <paramref name="afterSeq"/> (up to <paramref name="count"/>) onto dest db.table.</summary>
    public static async Task<int> ApplyAsync(MiniDoris src, MiniDoris dest, string db, string table, long afterSeq, int count)
    {
        await using var srcFe = new FrontendClient(new ThriftClientOptions("127.0.0.1", src.RpcPort));
        await using var destFe = new FrontendClient(new ThriftClientOptions("127.0.0.1", dest.RpcPort));
        var ct = CancellationToken.None;
        var srcTableId = await TableIdAsync(src, db, table);
        var destTableId = await TableIdAsync(dest, db, table);
        var srcDbId = await DbIdAsync(src, db);
        var destDbId = await DbIdAsync(dest, db);
        (TGetMetaTableMeta Table, Dictionary<long, TBackend> Backends)? srcMeta = null, destMeta = null;
        var backends = new Dictionary<(string, int), BackendClient>();
        try
        {
            var prev = afterSeq;
            var applied = 0;
            var pending = new Queue<TBinlog>();
            while (applied < count)
            {
                if (pending.Count == 0)
                {
                    // As many binlogs per call as the syncer asks for (IncrementalStep.BatchSize), so neither side fetches more often.
                    var got = await srcFe.GetBinlogAsync(new TGetBinlogRequest
                    {
                        User = "root", Passwd = "", Db = db, Table = table, TableId = srcTableId, PrevCommitSeq = prev,
                        NumAcquired = BatchSize,
                    }, ct);
                    if (got.Binlogs is not { Count: > 0 } batch) throw new InvalidOperationException($"getBinlog after {prev}: {got.Status?.StatusCode}");
                    foreach (var b in batch.OrderBy(b => b.CommitSeq)) pending.Enqueue(b);
                }
                var binlog = pending.Dequeue();
                prev = binlog.__isset.commit_seq ? binlog.CommitSeq : throw new InvalidOperationException("binlog without a commit seq");
                if (binlog.Type != TBinlogType.UPSERT) continue;
                var record = BinlogJson.Deserialize<UpsertRecord>(binlog.Data!);
                var tableRecord = record.TableRecords[srcTableId];

                var begin = await destFe.BeginTxnAsync(new TBeginTxnRequest
                {
                    User = "root", Passwd = "", Db = db, TableIds = [destTableId], Label = $"bench_floor_{destTableId}_{prev}",
                }, ct);
                var txnId = begin.__isset.txn_id ? begin.TxnId : throw new InvalidOperationException($"beginTxn: {begin.Status?.StatusCode} {string.Join(" ", begin.Status?.ErrorMsgs ?? [])}");
                srcMeta ??= await MetaAsync(srcFe, srcDbId, srcTableId);
                destMeta ??= await MetaAsync(destFe, destDbId, destTableId);

                var calls = new List<Task<(long Tablet, long Backend)>>();
                foreach (var partition in tableRecord.PartitionRecords)
                {
                    var sp = srcMeta.Value.Table.Partitions!.First(p => p.Range == partition.Range);
                    var dp = destMeta.Value.Table.Partitions!.First(p => p.Range == partition.Range);
                    var si = sp.Indexes!.First(i => tableRecord.IndexIds.Contains(i.Id));
                    var di = dp.Indexes!.First(i => i.Name == dp.Indexes!.Select(x => x.Name).First());
                    var st = si.Tablets!.OrderBy(t => t.Id).ToList();
                    var dt = di.Tablets!.OrderBy(t => t.Id).ToList();
                    for (var i = 0; i < st.Count; i++)
                    {
                        var srcBe = srcMeta.Value.Backends[st[i].Replicas![0].BackendId];
                        var dstBeId = dt[i].Replicas![0].BackendId;
                        var dstBe = destMeta.Value.Backends[dstBeId];
                        if (!backends.TryGetValue((dstBe.Host, dstBe.BePort), out var be))
                            backends[(dstBe.Host, dstBe.BePort)] = be = new BackendClient(new ThriftClientOptions(dstBe.Host, dstBe.BePort));
                        var request = new TIngestBinlogRequest
                        {
                            TxnId = txnId, RemoteTabletId = st[i].Id, BinlogVersion = partition.Version, RemoteHost = srcBe.Host,
                            RemotePort = srcBe.HttpPort.ToString(CultureInfo.InvariantCulture), PartitionId = dp.Id, LocalTabletId = dt[i].Id,
                            LoadId = new TUniqueId { Hi = -1, Lo = -1 },
                        };
                        var tablet = dt[i].Id;
                        calls.Add(Task.Run(async () =>
                        {
                            var r = await be.IngestBinlogAsync(request, ct);
                            if (r.Status?.StatusCode != TStatusCode.OK)
                                throw new InvalidOperationException($"ingest_binlog: {r.Status?.StatusCode} {string.Join(" ", r.Status?.ErrorMsgs ?? [])}");
                            return (tablet, dstBeId);
                        }));
                    }
                }
                var infos = await Task.WhenAll(calls);
                var commit = await destFe.CommitTxnAsync(new TCommitTxnRequest
                {
                    User = "root", Passwd = "", Db = db, TxnId = txnId,
                    CommitInfos = infos.Select(x => new TTabletCommitInfo { TabletId = x.Tablet, BackendId = x.Backend }).ToList(),
                }, ct);
                if (commit.Status?.StatusCode != TStatusCode.OK)
                    throw new InvalidOperationException($"commitTxn: {commit.Status?.StatusCode} {string.Join(" ", commit.Status?.ErrorMsgs ?? [])}");
                applied++;
            }
            return applied;
        }
        finally
        {
            foreach (var be in backends.Values) await be.DisposeAsync();
        }
    }

    private static async Task<(TGetMetaTableMeta, Dictionary<long, TBackend>)> MetaAsync(FrontendClient fe, long dbId, long tableId)
    {
        var meta = await fe.GetMetaAsync(new TGetMetaRequest
        {
            User = "root", Passwd = "", Db = new TGetMetaDB { Id = dbId, Tables = [new TGetMetaTable { Id = tableId }] },
        }, CancellationToken.None);
        var backends = await fe.GetBackendMetaAsync(new TGetBackendMetaRequest { User = "root", Passwd = "" }, CancellationToken.None);
        return (meta.DbMeta!.Tables!.First(t => t.Id == tableId), backends.Backends!.ToDictionary(b => b.Id));
    }

    public static async Task<long> DbIdAsync(MiniDoris cluster, string db)
    {
        await using var c = await cluster.OpenAsync();
        var rs = await c.QueryResultSetAsync("show proc '/dbs/'", CancellationToken.None);
        return rs.Rows.Single(r => r.GetStringOrNull("DbName") == db).GetInt64("DbId");
    }

    public static async Task<long> TableIdAsync(MiniDoris cluster, string db, string table)
    {
        var dbId = await DbIdAsync(cluster, db);
        await using var c = await cluster.OpenAsync();
        var rs = await c.QueryResultSetAsync($"show proc '/dbs/{dbId}/'", CancellationToken.None);
        return rs.Rows.Single(r => r.GetStringOrNull("TableName") == table).GetInt64("TableId");
    }

    /// <summary>The newest commit seq of the table's binlogs (the next load's binlog comes after it).</summary>
    public static async Task<long> LastSeqAsync(MiniDoris src, string db, string table)
    {
        await using var fe = new FrontendClient(new ThriftClientOptions("127.0.0.1", src.RpcPort));
        var tableId = await TableIdAsync(src, db, table);
        long prev = 0;
        while (true)
        {
            var got = await fe.GetBinlogAsync(new TGetBinlogRequest
            {
                User = "root", Passwd = "", Db = db, Table = table, TableId = tableId, PrevCommitSeq = prev, NumAcquired = 255,
            }, CancellationToken.None);
            if (got.Binlogs is not { Count: > 0 } list || got.Status?.StatusCode != TStatusCode.OK) return prev;
            prev = list.Max(b => b.__isset.commit_seq ? b.CommitSeq : prev);
        }
    }
}
