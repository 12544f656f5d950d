using Syncer.Doris.Thrift;

namespace Syncer.Doris.Rpc;

/// <summary>BackendService over one BE's Thrift port (be_port), through Apache Thrift's generated client on pooled connections.</summary>
public sealed class BackendClient : IBackendService, IAsyncDisposable
{
    private readonly ThriftClientPool<BackendService.Client> _client;

    public BackendClient(ThriftClientOptions options) => _client = new ThriftClientPool<BackendService.Client>(options, protocol => new BackendService.Client(protocol));

    /// <summary>host:port of this BE's Thrift port.</summary>
    public string Address => _client.Address;

    public ValueTask<TIngestBinlogResult> IngestBinlogAsync(TIngestBinlogRequest request, CancellationToken cancellationToken) =>
        _client.CallAsync(DorisMethods.IngestBinlog, (be, ct) => be.ingest_binlog(request, ct), timeout: null, cancellationToken);

    public ValueTask<TQueryIngestBinlogResult> QueryIngestBinlogAsync(TQueryIngestBinlogRequest request, CancellationToken cancellationToken) =>
        _client.CallAsync(DorisMethods.QueryIngestBinlog, (be, ct) => be.query_ingest_binlog(request, ct), timeout: null, cancellationToken);

    public ValueTask DisposeAsync() => _client.DisposeAsync();
}
