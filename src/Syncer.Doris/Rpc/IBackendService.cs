using Syncer.Doris.Thrift;

namespace Syncer.Doris.Rpc;

/// <summary>The BackendService methods CCR uses (see <see cref="IFrontendService"/> for why this is an interface).</summary>
public interface IBackendService
{
    ValueTask<TIngestBinlogResult> IngestBinlogAsync(TIngestBinlogRequest request, CancellationToken cancellationToken);

    ValueTask<TQueryIngestBinlogResult> QueryIngestBinlogAsync(TQueryIngestBinlogRequest request, CancellationToken cancellationToken);
}
