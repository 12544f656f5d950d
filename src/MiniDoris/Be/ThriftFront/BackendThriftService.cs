using MiniDoris.Faults;
using MiniDoris.Fe.ThriftFront;
using Syncer.Doris.Rpc;
using Syncer.Doris.Thrift;

namespace MiniDoris.Be.ThriftFront;

/// <summary>
/// One BE's Thrift BackendService: ingest_binlog (synchronous, as with ingest_binlog_work_pool_size = -1) through
/// the rpc.ingest_binlog fault. query_ingest_binlog only matters to asynchronous ingest, which minidoris does not
/// run, so it answers as a BE does for a txn it does not know.
/// </summary>
internal sealed class BackendThriftService : IBackendService
{
    private readonly DorisCluster _cluster;

    public BackendThriftService(DorisCluster cluster)
    {
        _cluster = cluster;
    }

    /// <summary>The backend this service speaks for (known once the process bound its ports).</summary>
    public long BackendId { get; set; } = -1;

    public async ValueTask<TIngestBinlogResult> IngestBinlogAsync(TIngestBinlogRequest request, CancellationToken cancellationToken)
    {
        _cluster.Faults.Calls.Increment(DorisMethods.IngestBinlog);
        var rule = _cluster.Faults.Trigger(FaultNames.Rpc(DorisMethods.IngestBinlog));
        if (rule is null || rule.Action is FaultAction.NotMaster)
        {
            return await _cluster.Ingest.IngestBinlogAsync(BackendId, request, cancellationToken).ConfigureAwait(false);
        }

        if (rule.Action is FaultAction.Delay)
        {
            await Task.Delay(rule.DelayMs ?? 0, cancellationToken).ConfigureAwait(false);
            return await _cluster.Ingest.IngestBinlogAsync(BackendId, request, cancellationToken).ConfigureAwait(false);
        }

        TIngestBinlogResult? done = null;
        if (rule.After && rule.Action is FaultAction.Reset or FaultAction.Timeout)
        {
            done = await _cluster.Ingest.IngestBinlogAsync(BackendId, request, cancellationToken).ConfigureAwait(false);
        }

        return await ThriftFaults.ApplyAsync(
            rule with { After = false },
            DorisMethods.IngestBinlog,
            () => done ?? new TIngestBinlogResult(),
            (status, _) => new TIngestBinlogResult { Status = status, IsAsync = false },
            cancellationToken).ConfigureAwait(false);
    }

    public ValueTask<TQueryIngestBinlogResult> QueryIngestBinlogAsync(TQueryIngestBinlogRequest request, CancellationToken cancellationToken)
    {
        if (!request.__isset.txn_id || !request.__isset.partition_id || !request.__isset.tablet_id || request.LoadId is null)
        {
            var missing = !request.__isset.txn_id ? "txn_id" : !request.__isset.partition_id ? "partition_id" : !request.__isset.tablet_id ? "tablet_id" : "load_id";
            return ValueTask.FromResult(new TQueryIngestBinlogResult { Status = TIngestBinlogStatus.ANALYSIS_ERROR, ErrMsg = $"{missing} is empty" });
        }

        return ValueTask.FromResult(new TQueryIngestBinlogResult { Status = TIngestBinlogStatus.NOT_FOUND });
    }
}
