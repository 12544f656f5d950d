using Syncer.Doris.Thrift;
using Syncer.Wire.Thrift.Client;

namespace Syncer.Doris.Rpc;

/// <summary>BackendService over one BE's Thrift port (be_port).</summary>
public sealed class BackendClient : IBackendService, IAsyncDisposable
{
    private readonly ThriftClient _client;

    public BackendClient(ThriftClientOptions options) => _client = new ThriftClient(options ?? throw new ArgumentNullException(nameof(options)));

    /// <summary>host:port of this BE's Thrift port.</summary>
    public string Address => _client.Address;

    public ValueTask<TIngestBinlogResult> IngestBinlogAsync(TIngestBinlogRequest request, CancellationToken cancellationToken) =>
        _client.CallAsync<TIngestBinlogRequest, TIngestBinlogResult>(DorisMethods.IngestBinlog, request, timeout: null, cancellationToken);

    public ValueTask<TQueryIngestBinlogResult> QueryIngestBinlogAsync(TQueryIngestBinlogRequest request, CancellationToken cancellationToken) =>
        _client.CallAsync<TQueryIngestBinlogRequest, TQueryIngestBinlogResult>(DorisMethods.QueryIngestBinlog, request, timeout: null, cancellationToken);

    public ValueTask DisposeAsync() => _client.DisposeAsync();
}
