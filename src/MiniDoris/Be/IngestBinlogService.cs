using System.Globalization;
using System.Text;
using System.Text.Json;
using MiniDoris.Fe;
using MiniDoris.Fe.Txn;
using MiniDoris.Storage;
using Syncer.Doris.Thrift;

namespace MiniDoris.Be;

/// <summary>
/// BackendService.ingest_binlog of one BE (docs/minidoris.md, "ingest_binlog"; Doris's backend_service.cpp): validates the
/// request, downloads the rowset of (remote_tablet_id, binlog_version) from the source BE's
/// <c>/api/_binlog/_download</c> and stages it under the txn for the local tablet (invisible until publish).
/// Synchronous, as a BE with ingest_binlog_work_pool_size = -1. The download runs outside the cluster lock.
/// </summary>
public sealed class IngestBinlogService
{
    private readonly DorisCluster _cluster;
    private readonly BeHttpClient _http;

    internal IngestBinlogService(DorisCluster cluster, BeHttpClient http)
    {
        _cluster = cluster;
        _http = http;
    }

    public async Task<TIngestBinlogResult> IngestBinlogAsync(long backendId, TIngestBinlogRequest request, CancellationToken cancellationToken)
    {
        if (!_cluster.Backend.FeatureEnabled)
        {
            return Result(TStatusCode.RUNTIME_ERROR, "enable feature binlog is false");
        }

        foreach (var (name, set) in new (string, bool)[]
        {
            ("txn_id", request.TxnId is not null), ("remote_tablet_id", request.RemoteTabletId is not null),
            ("binlog_version", request.BinlogVersion is not null), ("remote_host", request.RemoteHost is not null),
            ("remote_port", request.RemotePort is not null), ("partition_id", request.PartitionId is not null),
            ("local_tablet_id", request.LocalTabletId is not null), ("load_id", request.LoadId is not null),
        })
        {
            if (!set)
            {
                return Result(TStatusCode.ANALYSIS_ERROR, $"{name} is empty");
            }
        }

        var txnId = request.TxnId!.Value;
        var localTablet = request.LocalTabletId!.Value;
        var found = _cluster.WithState(state => state.FindTablet(localTablet)?.Tablet.Replicas.Any(r => r.BackendId == backendId) ?? false);
        if (!found)
        {
            return Result(TStatusCode.TABLET_MISSING, $"tablet {Id(localTablet)} not found");
        }

        DownloadedRowset rowset;
        try
        {
            rowset = await DownloadAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (BeHttpException e)
        {
            Unstage(txnId, localTablet, backendId);
            return Result(TStatusCode.HTTP_ERROR, e.Message);
        }
        catch (IngestException e)
        {
            Unstage(txnId, localTablet, backendId);
            return Result(e.Code, e.Message);
        }

        return _cluster.WithState(state => Stage(state, backendId, request, rowset));
    }

    private async Task<DownloadedRowset> DownloadAsync(TIngestBinlogRequest request, CancellationToken ct)
    {
        var api = $"http://{request.RemoteHost}:{request.RemotePort}/api/_binlog/_download";
        var remoteTablet = Id(request.RemoteTabletId!.Value);
        var version = Id(request.BinlogVersion!.Value);
        var info = Encoding.UTF8.GetString(await _http.GetAsync(
            $"{api}?method=get_binlog_info&tablet_id={remoteTablet}&binlog_version={version}", BeHttpClient.MetaTimeout, ct).ConfigureAwait(false));
        var parts = info.Split(':');
        if (parts.Length != 2)
        {
            throw new IngestException(TStatusCode.RUNTIME_ERROR, $"failed to parse binlog info into 2 parts: {info}");
        }

        if (!int.TryParse(parts[1], NumberStyles.Integer, CultureInfo.InvariantCulture, out var segments) || segments < 0)
        {
            throw new IngestException(TStatusCode.RUNTIME_ERROR, $"failed to parse num segments from binlog info {info}");
        }

        var rowsetId = parts[0];
        var metaBytes = await _http.GetAsync(
            $"{api}?method=get_rowset_meta&tablet_id={remoteTablet}&rowset_id={rowsetId}&binlog_version={version}", BeHttpClient.MetaTimeout, ct).ConfigureAwait(false);
        RowsetMeta meta;
        try
        {
            meta = JsonSerializer.Deserialize<RowsetMeta>(metaBytes) ?? throw new JsonException("empty");
        }
        catch (JsonException)
        {
            throw new IngestException(TStatusCode.INTERNAL_ERROR, "failed to parse rowset meta");
        }

        var data = new List<byte[]>();
        for (var i = 0; i < segments; i++)
        {
            var url = $"{api}?method=get_segment_file&tablet_id={remoteTablet}&rowset_id={rowsetId}&segment_index={i.ToString(CultureInfo.InvariantCulture)}";
            var size = await _http.HeadAsync(url, ct).ConfigureAwait(false);
            data.Add(await _http.DownloadAsync(url + "&acquire_md5=true", size, ct).ConfigureAwait(false));
        }

        if (data.Count > 1)
        {
            throw new IngestException(TStatusCode.RUNTIME_ERROR, $"rowset {rowsetId} has {data.Count} segments; minidoris rowsets have at most one");
        }

        return new DownloadedRowset(meta, data.Count == 0 ? null : data[0]);
    }

    /// <summary>
    /// TxnManager.commit_txn on the local tablet: the rowset becomes a COMMITTED rowset of the txn, invisible until
    /// publish. A txn the FE no longer runs keeps nothing (the BE's txn cleaner would remove it), and a rowset
    /// already staged for this txn and tablet is kept ("already exists" counts as success).
    /// </summary>
    private static TIngestBinlogResult Stage(ClusterState state, long backendId, TIngestBinlogRequest request, DownloadedRowset downloaded)
    {
        var localTablet = request.LocalTabletId!.Value;
        var location = state.FindTablet(localTablet);
        if (location is null || !location.Tablet.Replicas.Any(r => r.BackendId == backendId))
        {
            return Result(TStatusCode.TABLET_MISSING, $"tablet {Id(localTablet)} not found");
        }

        var txn = state.Transactions.Find(request.TxnId!.Value);
        if (txn is null || txn.Status != TransactionStatus.PREPARE)
        {
            return Result(TStatusCode.OK, null);
        }

        var replica = new IngestedReplica(localTablet, backendId);
        if (!txn.Ingested.Any(r => r.TabletId == localTablet))
        {
            var source = downloaded.Meta;
            var meta = new RowsetMeta
            {
                RowsetId = state.NextRowsetId(),
                TabletId = localTablet,
                PartitionId = location.Partition.Id,
                IndexId = location.Index.Id,
                TxnId = txn.TxnId,
                Version = null,
                NumRows = source.NumRows,
                NumSegments = downloaded.Segment is null ? 0 : 1,
                DeletePredicate = source.DeletePredicate,
                CreationTime = state.NowMs() / 1000,
            };
            state.Store.InsertRowset(new StoredRowset(meta.RowsetId, localTablet, null, txn.TxnId, meta.NumRows, JsonSerializer.Serialize(meta), downloaded.Segment));
        }

        if (!txn.Ingested.Contains(replica))
        {
            txn.Ingested.Add(replica);
            state.Transactions.Save(txn);
            state.Dirty = true;
        }

        return Result(TStatusCode.OK, null);
    }

    /// <summary>A failed ingest aborts the txn on this replica: its staged rowset goes once no replica holds it.</summary>
    private void Unstage(long txnId, long tabletId, long backendId) => _cluster.WithState(state =>
    {
        var txn = state.Transactions.Find(txnId);
        if (txn is null || txn.Status != TransactionStatus.PREPARE || !txn.Ingested.Remove(new IngestedReplica(tabletId, backendId)))
        {
            return 0;
        }

        if (!txn.Ingested.Any(r => r.TabletId == tabletId))
        {
            state.Store.DeleteStagedRowsets(txnId, tabletId);
        }

        state.Transactions.Save(txn);
        state.Dirty = true;
        return 0;
    });

    private static TIngestBinlogResult Result(TStatusCode code, string? message) => new()
    {
        Status = new TStatus { StatusCode = code, ErrorMsgs = message is null ? null : [message] },
        IsAsync = false,
    };

    private static string Id(long v) => v.ToString(CultureInfo.InvariantCulture);

    private sealed record DownloadedRowset(RowsetMeta Meta, byte[]? Segment);

    private sealed class IngestException : Exception
    {
        public IngestException(TStatusCode code, string message)
            : base(message) => Code = code;

        public TStatusCode Code { get; }
    }
}
