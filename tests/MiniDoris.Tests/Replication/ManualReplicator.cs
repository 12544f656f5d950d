using System.Globalization;
using System.Text.Json.Nodes;
using Syncer.Doris.Thrift;

namespace MiniDoris.Tests.Replication;

/// <summary>
/// Replays a source database's UPSERT binlogs onto a target database the way the syncer does (docs/doris-facts.md,
/// "Incremental apply of an UPSERT"): getBinlog, then per UPSERT beginTxn on the target, getMeta and getBackendMeta on both sides, ingest_binlog
/// on every target replica (tablets paired in ascending id order, the source replica chosen round-robin among those
/// with version ≥ binlog_version), commitTxn (polling SHOW TRANSACTION after PUBLISH_TIMEOUT), rollbackTxn on failure.
/// </summary>
public sealed class ManualReplicator
{
    private readonly DorisNode _source;
    private readonly DorisNode _target;
    private readonly string _srcDb;
    private readonly string _dstDb;
    private int _roundRobin;

    public ManualReplicator(DorisNode source, DorisNode target, string srcDb, string dstDb, long prevCommitSeq = 0)
    {
        _source = source;
        _target = target;
        _srcDb = srcDb;
        _dstDb = dstDb;
        PrevCommitSeq = prevCommitSeq;
    }

    public long PrevCommitSeq { get; set; }

    /// <summary>Per source table id: binlogs at or below this seq are skipped (db sync after a full sync).</summary>
    public Dictionary<long, long> TableCommitSeqs { get; } = [];

    /// <summary>The target txn ids the replay committed, in order.</summary>
    public List<long> Committed { get; } = [];

    /// <summary>Reads binlogs after <see cref="PrevCommitSeq"/> until caught up, applying every UPSERT; returns how many.</summary>
    public async Task<int> ReplayAllAsync()
    {
        var applied = 0;
        while (true)
        {
            var result = await _source.Fe.GetBinlogAsync(new TGetBinlogRequest
            {
                User = "root", Passwd = string.Empty, Db = _srcDb, PrevCommitSeq = PrevCommitSeq,
            }, CancellationToken.None);
            if (result.Status!.StatusCode == TStatusCode.BINLOG_TOO_NEW_COMMIT_SEQ)
            {
                return applied;
            }

            Assert.Equal(TStatusCode.OK, result.Status.StatusCode);
            foreach (var binlog in result.Binlogs!)
            {
                if (binlog.Type == TBinlogType.UPSERT && !Skipped(binlog))
                {
                    await ApplyUpsertAsync(binlog);
                    applied++;
                }

                PrevCommitSeq = binlog.CommitSeq!.Value;
            }
        }
    }

    private bool Skipped(TBinlog binlog) =>
        binlog.TableIds is { Count: > 0 } ids && ids.All(id => TableCommitSeqs.TryGetValue(id, out var seq) && binlog.CommitSeq <= seq);

    public async Task<long> ApplyUpsertAsync(TBinlog binlog)
    {
        var record = JsonNode.Parse(binlog.Data!)!.AsObject();
        var srcMetaAll = await _source.MetaAsync(_srcDb);
        var dstMetaAll = await _target.MetaAsync(_dstDb);
        var tableRecords = record["tableRecords"]!.AsObject();
        var pairs = tableRecords.Select(t =>
        {
            var srcId = long.Parse(t.Key, CultureInfo.InvariantCulture);
            var name = srcMetaAll.Tables!.Single(m => m.Id == srcId).Name!;
            var dstId = dstMetaAll.Tables!.Single(m => m.Name == name).Id!.Value;
            return (SrcId: srcId, DstId: dstId, Record: t.Value!.AsObject());
        }).ToList();

        var label = $"ccrj-{Random.Shared.Next(0, 65536):x}:db_sync:{await _source.DbIdAsync(_srcDb)}:{await _target.DbIdAsync(_dstDb)}:{binlog.CommitSeq}";
        var begin = await _target.Fe.BeginTxnAsync(new TBeginTxnRequest
        {
            User = "root", Passwd = string.Empty, Db = _dstDb, TableIds = pairs.Select(p => p.DstId).ToList(), Label = label,
        }, CancellationToken.None);
        Assert.True(begin.Status!.StatusCode == TStatusCode.OK, string.Join(";", begin.Status.ErrorMsgs ?? []));
        var txnId = begin.TxnId!.Value;

        try
        {
            var srcMeta = await _source.MetaAsync(_srcDb, pairs.Select(p => p.SrcId).ToArray());
            var dstMeta = await _target.MetaAsync(_dstDb, pairs.Select(p => p.DstId).ToArray());
            var srcBackends = (await _source.BackendsAsync()).ToDictionary(b => b.Id!.Value);
            await _target.BackendsAsync();
            var infos = new List<TTabletCommitInfo>();
            foreach (var (srcId, dstId, tableRecord) in pairs)
            {
                var srcTable = srcMeta.Tables!.Single(t => t.Id == srcId);
                var dstTable = dstMeta.Tables!.Single(t => t.Id == dstId);
                foreach (var partitionRecord in tableRecord["partitionRecords"]!.AsArray())
                {
                    if (partitionRecord!["isTempPartition"]?.GetValue<bool>() == true)
                    {
                        continue;
                    }

                    var range = partitionRecord["range"]!.GetValue<string>();
                    var version = partitionRecord["version"]!.GetValue<long>();
                    var srcPartition = srcTable.Partitions!.Single(p => p.Range == range);
                    var dstPartition = dstTable.Partitions!.Single(p => p.Range == range);
                    foreach (var indexId in tableRecord["indexIds"]!.AsArray().Select(i => i!.GetValue<long>()))
                    {
                        var srcIndex = srcPartition.Indexes!.Single(i => i.Id == indexId);
                        var dstName = srcIndex.Name == srcTable.Name ? dstTable.Name : srcIndex.Name;
                        var dstIndex = dstPartition.Indexes!.Single(i => i.Name == dstName);
                        var srcTablets = srcIndex.Tablets!.OrderBy(t => t.Id).ToList();
                        var dstTablets = dstIndex.Tablets!.OrderBy(t => t.Id).ToList();
                        Assert.Equal(srcTablets.Count, dstTablets.Count);
                        for (var i = 0; i < srcTablets.Count; i++)
                        {
                            var eligible = srcTablets[i].Replicas!.Where(r => r.Version >= version).ToList();
                            Assert.NotEmpty(eligible);
                            foreach (var dstReplica in dstTablets[i].Replicas!)
                            {
                                var srcReplica = eligible[_roundRobin++ % eligible.Count];
                                var srcBe = srcBackends[srcReplica.BackendId!.Value];
                                var be = await _target.BeAsync(dstReplica.BackendId!.Value);
                                var ingest = await be.IngestBinlogAsync(new TIngestBinlogRequest
                                {
                                    TxnId = txnId,
                                    RemoteTabletId = srcTablets[i].Id,
                                    BinlogVersion = version,
                                    RemoteHost = srcBe.Host,
                                    RemotePort = srcBe.HttpPort.ToString(CultureInfo.InvariantCulture),
                                    PartitionId = dstPartition.Id,
                                    LocalTabletId = dstTablets[i].Id,
                                    LoadId = new TUniqueId { Hi = -1, Lo = -1 },
                                }, CancellationToken.None);
                                if (ingest.Status?.StatusCode != TStatusCode.OK)
                                {
                                    throw new InvalidOperationException("ingest_binlog failed: " + string.Join(";", ingest.Status?.ErrorMsgs ?? []));
                                }

                                infos.Add(new TTabletCommitInfo { TabletId = dstTablets[i].Id!.Value, BackendId = dstReplica.BackendId!.Value });
                            }
                        }
                    }
                }
            }

            var commit = await _target.Fe.CommitTxnAsync(new TCommitTxnRequest
            {
                User = "root", Passwd = string.Empty, Db = _dstDb, TxnId = txnId, CommitInfos = infos,
            }, CancellationToken.None);
            if (commit.Status!.StatusCode == TStatusCode.PUBLISH_TIMEOUT)
            {
                await Eventually.UntilAsync(() => TxnStatusAsync(_target, _dstDb, txnId), s => s == "VISIBLE", $"txn {txnId} VISIBLE");
            }
            else if (commit.Status.StatusCode != TStatusCode.OK)
            {
                throw new InvalidOperationException("commitTxn failed: " + string.Join(";", commit.Status.ErrorMsgs ?? []));
            }
        }
        catch (InvalidOperationException)
        {
            await _target.Fe.RollbackTxnAsync(new TRollbackTxnRequest
            {
                User = "root", Passwd = string.Empty, Db = _dstDb, TxnId = txnId, Reason = "replay failed",
            }, CancellationToken.None);
            throw;
        }

        Committed.Add(txnId);
        return txnId;
    }

    public static async Task<string> TxnStatusAsync(DorisNode node, string db, long txnId) =>
        (await node.QueryAsync($"SHOW TRANSACTION FROM `{db}` WHERE id = {txnId}")).Rows.Single().GetString("TransactionStatus");
}
