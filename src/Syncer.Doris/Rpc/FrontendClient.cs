using Syncer.Doris.Thrift;
using Syncer.Wire.Thrift.Client;

namespace Syncer.Doris.Rpc;

/// <summary>
/// FrontendService over one FE address. It does not follow NOT_MASTER or fail over; wrap several in a
/// <see cref="FailoverFrontendClient"/> for that.
/// </summary>
public sealed class FrontendClient : IFrontendService, IAsyncDisposable
{
    /// <summary>commitTxn waits for publish on the FE, so it gets a longer timeout (-commit_txn_timeout, 33 s).</summary>
    public static readonly TimeSpan DefaultCommitTxnTimeout = TimeSpan.FromSeconds(33);

    private readonly ThriftClient _client;
    private readonly TimeSpan _commitTxnTimeout;

    public FrontendClient(ThriftClientOptions options, TimeSpan? commitTxnTimeout = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _client = new ThriftClient(options);
        _commitTxnTimeout = commitTxnTimeout ?? DefaultCommitTxnTimeout;
        Host = options.Host;
        Port = options.Port;
    }

    public string Host { get; }

    public int Port { get; }

    /// <summary>host:port of this FE's Thrift port.</summary>
    public string Address => _client.Address;

    public ValueTask<TBeginTxnResult> BeginTxnAsync(TBeginTxnRequest request, CancellationToken cancellationToken) =>
        Call<TBeginTxnRequest, TBeginTxnResult>(DorisMethods.BeginTxn, request, cancellationToken);

    public ValueTask<TCommitTxnResult> CommitTxnAsync(TCommitTxnRequest request, CancellationToken cancellationToken) =>
        _client.CallAsync<TCommitTxnRequest, TCommitTxnResult>(DorisMethods.CommitTxn, request, _commitTxnTimeout, cancellationToken);

    public ValueTask<TRollbackTxnResult> RollbackTxnAsync(TRollbackTxnRequest request, CancellationToken cancellationToken) =>
        Call<TRollbackTxnRequest, TRollbackTxnResult>(DorisMethods.RollbackTxn, request, cancellationToken);

    public ValueTask<TGetBinlogResult> GetBinlogAsync(TGetBinlogRequest request, CancellationToken cancellationToken) =>
        Call<TGetBinlogRequest, TGetBinlogResult>(DorisMethods.GetBinlog, request, cancellationToken);

    public ValueTask<TGetBinlogLagResult> GetBinlogLagAsync(TGetBinlogRequest request, CancellationToken cancellationToken) =>
        Call<TGetBinlogRequest, TGetBinlogLagResult>(DorisMethods.GetBinlogLag, request, cancellationToken);

    public ValueTask<TGetSnapshotResult> GetSnapshotAsync(TGetSnapshotRequest request, CancellationToken cancellationToken) =>
        Call<TGetSnapshotRequest, TGetSnapshotResult>(DorisMethods.GetSnapshot, request, cancellationToken);

    public ValueTask<TRestoreSnapshotResult> RestoreSnapshotAsync(TRestoreSnapshotRequest request, CancellationToken cancellationToken) =>
        Call<TRestoreSnapshotRequest, TRestoreSnapshotResult>(DorisMethods.RestoreSnapshot, request, cancellationToken);

    public ValueTask<TGetMasterTokenResult> GetMasterTokenAsync(TGetMasterTokenRequest request, CancellationToken cancellationToken) =>
        Call<TGetMasterTokenRequest, TGetMasterTokenResult>(DorisMethods.GetMasterToken, request, cancellationToken);

    public ValueTask<TGetMetaResult> GetMetaAsync(TGetMetaRequest request, CancellationToken cancellationToken) =>
        Call<TGetMetaRequest, TGetMetaResult>(DorisMethods.GetMeta, request, cancellationToken);

    public ValueTask<TGetBackendMetaResult> GetBackendMetaAsync(TGetBackendMetaRequest request, CancellationToken cancellationToken) =>
        Call<TGetBackendMetaRequest, TGetBackendMetaResult>(DorisMethods.GetBackendMeta, request, cancellationToken);

    public ValueTask DisposeAsync() => _client.DisposeAsync();

    private ValueTask<TResult> Call<TRequest, TResult>(string method, TRequest request, CancellationToken cancellationToken)
        where TRequest : class, new()
        where TResult : class, new() =>
        _client.CallAsync<TRequest, TResult>(method, request, timeout: null, cancellationToken);
}
