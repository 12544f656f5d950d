using Syncer.Doris.Thrift;

namespace Syncer.Doris.Rpc;

/// <summary>
/// FrontendService over one FE address, through Apache Thrift's generated client on pooled connections
/// (<see cref="ThriftClientPool{TClient}"/>). It does not follow NOT_MASTER or fail over; wrap several in a
/// <see cref="FailoverFrontendClient"/> for that.
/// </summary>
public sealed class FrontendClient : IFrontendService, IAsyncDisposable
{
    /// <summary>commitTxn waits for publish on the FE, so it gets a longer timeout (-commit_txn_timeout, 33 s).</summary>
    public static readonly TimeSpan DefaultCommitTxnTimeout = TimeSpan.FromSeconds(33);

    private readonly ThriftClientPool<FrontendService.Client> _client;
    private readonly TimeSpan _commitTxnTimeout;

    public FrontendClient(ThriftClientOptions options, TimeSpan? commitTxnTimeout = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _client = new ThriftClientPool<FrontendService.Client>(options, protocol => new FrontendService.Client(protocol));
        _commitTxnTimeout = commitTxnTimeout ?? DefaultCommitTxnTimeout;
        Host = options.Host;
        Port = options.Port;
    }

    public string Host { get; }

    public int Port { get; }

    /// <summary>host:port of this FE's Thrift port.</summary>
    public string Address => _client.Address;

    public ValueTask<TBeginTxnResult> BeginTxnAsync(TBeginTxnRequest request, CancellationToken cancellationToken) =>
        Call(DorisMethods.BeginTxn, (fe, ct) => fe.beginTxn(request, ct), cancellationToken);

    public ValueTask<TCommitTxnResult> CommitTxnAsync(TCommitTxnRequest request, CancellationToken cancellationToken) =>
        _client.CallAsync(DorisMethods.CommitTxn, (fe, ct) => fe.commitTxn(request, ct), _commitTxnTimeout, cancellationToken);

    public ValueTask<TRollbackTxnResult> RollbackTxnAsync(TRollbackTxnRequest request, CancellationToken cancellationToken) =>
        Call(DorisMethods.RollbackTxn, (fe, ct) => fe.rollbackTxn(request, ct), cancellationToken);

    public ValueTask<TGetBinlogResult> GetBinlogAsync(TGetBinlogRequest request, CancellationToken cancellationToken) =>
        Call(DorisMethods.GetBinlog, (fe, ct) => fe.getBinlog(request, ct), cancellationToken);

    public ValueTask<TGetBinlogLagResult> GetBinlogLagAsync(TGetBinlogRequest request, CancellationToken cancellationToken) =>
        Call(DorisMethods.GetBinlogLag, (fe, ct) => fe.getBinlogLag(request, ct), cancellationToken);

    public ValueTask<TGetSnapshotResult> GetSnapshotAsync(TGetSnapshotRequest request, CancellationToken cancellationToken) =>
        Call(DorisMethods.GetSnapshot, (fe, ct) => fe.getSnapshot(request, ct), cancellationToken);

    public ValueTask<TRestoreSnapshotResult> RestoreSnapshotAsync(TRestoreSnapshotRequest request, CancellationToken cancellationToken) =>
        Call(DorisMethods.RestoreSnapshot, (fe, ct) => fe.restoreSnapshot(request, ct), cancellationToken);

    public ValueTask<TGetMasterTokenResult> GetMasterTokenAsync(TGetMasterTokenRequest request, CancellationToken cancellationToken) =>
        Call(DorisMethods.GetMasterToken, (fe, ct) => fe.getMasterToken(request, ct), cancellationToken);

    public ValueTask<TGetMetaResult> GetMetaAsync(TGetMetaRequest request, CancellationToken cancellationToken) =>
        Call(DorisMethods.GetMeta, (fe, ct) => fe.getMeta(request, ct), cancellationToken);

    public ValueTask<TGetBackendMetaResult> GetBackendMetaAsync(TGetBackendMetaRequest request, CancellationToken cancellationToken) =>
        Call(DorisMethods.GetBackendMeta, (fe, ct) => fe.getBackendMeta(request, ct), cancellationToken);

    public ValueTask DisposeAsync() => _client.DisposeAsync();

    private ValueTask<TResult> Call<TResult>(string method, Func<FrontendService.Client, CancellationToken, Task<TResult>> call, CancellationToken cancellationToken) =>
        _client.CallAsync(method, call, timeout: null, cancellationToken);
}
