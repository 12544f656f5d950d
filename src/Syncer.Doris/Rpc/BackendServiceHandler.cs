using Syncer.Doris.Thrift;

namespace Syncer.Doris.Rpc;

/// <summary>Serves an <see cref="IBackendService"/> through Apache Thrift's generated <c>BackendService.AsyncProcessor</c> (see <see cref="FrontendServiceHandler"/>).</summary>
public sealed class BackendServiceHandler(IBackendService service) : BackendService.IAsync
{
    private readonly IBackendService _service = service ?? throw new ArgumentNullException(nameof(service));

    /// <summary>The processor a Thrift server runs for <paramref name="service"/>.</summary>
    public static BackendService.AsyncProcessor Processor(IBackendService service) => new(new BackendServiceHandler(service));

    public Task<TIngestBinlogResult> ingest_binlog(TIngestBinlogRequest? request, CancellationToken cancellationToken = default) =>
        Serve(_service.IngestBinlogAsync(request ?? new(), cancellationToken), cancellationToken);

    public Task<TQueryIngestBinlogResult> query_ingest_binlog(TQueryIngestBinlogRequest? request, CancellationToken cancellationToken = default) =>
        Serve(_service.QueryIngestBinlogAsync(request ?? new(), cancellationToken), cancellationToken);

    private static Task<TResult> Serve<TResult>(ValueTask<TResult> call, CancellationToken cancellationToken) =>
        ServerStop.DropWhenStopping(call, cancellationToken);
}
