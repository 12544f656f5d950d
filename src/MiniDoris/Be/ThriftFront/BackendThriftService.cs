using MiniDoris.Fe.ThriftFront;
using Syncer.Doris.Rpc;
using Syncer.Doris.Thrift;

namespace MiniDoris.Be.ThriftFront;

/// <summary>
/// A BE's Thrift BackendService. Ingesting binlogs into this cluster (the target side of CCR) is not emulated
/// yet: the methods answer NOT_IMPLEMENTED_ERROR, after the checks Doris makes first.
/// </summary>
internal sealed class BackendThriftService : IBackendService
{
    private readonly DorisCluster _cluster;

    public BackendThriftService(DorisCluster cluster)
    {
        _cluster = cluster;
    }

    public ValueTask<TIngestBinlogResult> IngestBinlogAsync(TIngestBinlogRequest request, CancellationToken cancellationToken)
    {
        if (!_cluster.Backend.FeatureEnabled)
        {
            return ValueTask.FromResult(new TIngestBinlogResult
            {
                Status = new TStatus { StatusCode = TStatusCode.RUNTIME_ERROR, ErrorMsgs = ["enable feature binlog is false"] },
            });
        }

        return ValueTask.FromResult(new TIngestBinlogResult { Status = FrontendThriftService.NotImplemented("ingest_binlog"), IsAsync = false });
    }

    public ValueTask<TQueryIngestBinlogResult> QueryIngestBinlogAsync(TQueryIngestBinlogRequest request, CancellationToken cancellationToken) =>
        ValueTask.FromResult(new TQueryIngestBinlogResult { Status = TIngestBinlogStatus.UNKNOWN, ErrMsg = "minidoris does not emulate query_ingest_binlog yet" });
}
