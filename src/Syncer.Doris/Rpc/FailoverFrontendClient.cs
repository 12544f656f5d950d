using Syncer.Doris.Thrift;

namespace Syncer.Doris.Rpc;

/// <summary>
/// FrontendService across all FEs of a cluster, following Doris's master redirection: a call goes to the
/// current master; NOT_MASTER with a master_address moves to that FE, NOT_MASTER without one and
/// connection failures move to the next known FE. Other statuses, and timeouts (a slow master is not a
/// dead one), go back to the caller unchanged.
/// </summary>
public sealed class FailoverFrontendClient : IFrontendService, IAsyncDisposable
{
    private readonly Func<FrontendEndpoint, ThriftClientOptions> _options;
    private readonly TimeSpan? _commitTxnTimeout;
    private readonly List<FrontendEndpoint> _known = [];
    private readonly Dictionary<FrontendEndpoint, FrontendClient> _clients = [];
    private readonly object _lock = new();
    private FrontendEndpoint _master;

    /// <param name="master">The FE to try first (the spec's host and thrift_port).</param>
    /// <param name="others">Further FEs (from <c>frontends()</c>) to fail over to.</param>
    /// <param name="options">Thrift client settings for an FE address.</param>
    /// <param name="commitTxnTimeout">Timeout of commitTxn, which waits for publish (default 33 s).</param>
    public FailoverFrontendClient(
        FrontendEndpoint master,
        IEnumerable<FrontendEndpoint> others,
        Func<FrontendEndpoint, ThriftClientOptions>? options = null,
        TimeSpan? commitTxnTimeout = null)
    {
        ArgumentNullException.ThrowIfNull(others);
        _options = options ?? (endpoint => new ThriftClientOptions(endpoint.Host, endpoint.Port));
        _commitTxnTimeout = commitTxnTimeout;
        _master = master;
        _known.Add(master);
        AddFrontends(others);
    }

    /// <summary>The FE calls go to first, as learnt from the last redirect or failover.</summary>
    public FrontendEndpoint Master
    {
        get
        {
            lock (_lock)
            {
                return _master;
            }
        }
    }

    /// <summary>Adds FEs to fail over to (duplicates are ignored).</summary>
    public void AddFrontends(IEnumerable<FrontendEndpoint> frontends)
    {
        ArgumentNullException.ThrowIfNull(frontends);
        lock (_lock)
        {
            foreach (var endpoint in frontends)
            {
                if (!_known.Contains(endpoint))
                {
                    _known.Add(endpoint);
                }
            }
        }
    }

    public ValueTask<TBeginTxnResult> BeginTxnAsync(TBeginTxnRequest request, CancellationToken cancellationToken) =>
        InvokeAsync((fe, ct) => fe.BeginTxnAsync(request, ct), cancellationToken);

    public ValueTask<TCommitTxnResult> CommitTxnAsync(TCommitTxnRequest request, CancellationToken cancellationToken) =>
        InvokeAsync((fe, ct) => fe.CommitTxnAsync(request, ct), cancellationToken);

    public ValueTask<TRollbackTxnResult> RollbackTxnAsync(TRollbackTxnRequest request, CancellationToken cancellationToken) =>
        InvokeAsync((fe, ct) => fe.RollbackTxnAsync(request, ct), cancellationToken);

    public ValueTask<TGetBinlogResult> GetBinlogAsync(TGetBinlogRequest request, CancellationToken cancellationToken) =>
        InvokeAsync((fe, ct) => fe.GetBinlogAsync(request, ct), cancellationToken);

    public ValueTask<TGetBinlogLagResult> GetBinlogLagAsync(TGetBinlogRequest request, CancellationToken cancellationToken) =>
        InvokeAsync((fe, ct) => fe.GetBinlogLagAsync(request, ct), cancellationToken);

    public ValueTask<TGetSnapshotResult> GetSnapshotAsync(TGetSnapshotRequest request, CancellationToken cancellationToken) =>
        InvokeAsync((fe, ct) => fe.GetSnapshotAsync(request, ct), cancellationToken);

    public ValueTask<TRestoreSnapshotResult> RestoreSnapshotAsync(TRestoreSnapshotRequest request, CancellationToken cancellationToken) =>
        InvokeAsync((fe, ct) => fe.RestoreSnapshotAsync(request, ct), cancellationToken);

    public ValueTask<TGetMasterTokenResult> GetMasterTokenAsync(TGetMasterTokenRequest request, CancellationToken cancellationToken) =>
        InvokeAsync((fe, ct) => fe.GetMasterTokenAsync(request, ct), cancellationToken);

    public ValueTask<TGetMetaResult> GetMetaAsync(TGetMetaRequest request, CancellationToken cancellationToken) =>
        InvokeAsync((fe, ct) => fe.GetMetaAsync(request, ct), cancellationToken);

    public ValueTask<TGetBackendMetaResult> GetBackendMetaAsync(TGetBackendMetaRequest request, CancellationToken cancellationToken) =>
        InvokeAsync((fe, ct) => fe.GetBackendMetaAsync(request, ct), cancellationToken);

    public async ValueTask DisposeAsync()
    {
        FrontendClient[] clients;
        lock (_lock)
        {
            clients = [.. _clients.Values];
            _clients.Clear();
        }

        foreach (var client in clients)
        {
            await client.DisposeAsync().ConfigureAwait(false);
        }
    }

    private async ValueTask<TResult> InvokeAsync<TResult>(
        Func<FrontendClient, CancellationToken, ValueTask<TResult>> call,
        CancellationToken cancellationToken)
        where TResult : class, IDorisResult
    {
        // Each known FE may be tried once after a failure, plus a few redirects to addresses learnt on the way.
        var triedWithoutRedirect = new HashSet<FrontendEndpoint>();
        var redirects = 0;
        var endpoint = Master;
        ThriftTransportException? lastFailure = null;
        TResult? lastNotMaster = null;
        while (true)
        {
            try
            {
                var result = await call(ClientFor(endpoint), cancellationToken).ConfigureAwait(false);
                if (result.Status?.StatusCode != TStatusCode.NOT_MASTER)
                {
                    SetMaster(endpoint);
                    return result;
                }

                lastNotMaster = result;
                if (result.MasterAddress is { Hostname.Length: > 0 } address && redirects < 3)
                {
                    redirects++;
                    var target = new FrontendEndpoint(address.Hostname, address.Port);
                    AddFrontends([target]);
                    endpoint = target;
                    continue;
                }
            }
            catch (ThriftTransportException e) when (e.Error is ThriftTransportError.ConnectFailed or ThriftTransportError.ConnectionClosed)
            {
                lastFailure = e;
            }

            triedWithoutRedirect.Add(endpoint);
            if (NextUntried(triedWithoutRedirect) is not { } next)
            {
                if (lastNotMaster is not null)
                {
                    return lastNotMaster;
                }

                throw new ThriftTransportException(
                    ThriftTransportError.ConnectFailed,
                    $"no frontend of [{string.Join(", ", Known())}] could be reached: {lastFailure!.Message}",
                    lastFailure);
            }

            endpoint = next;
        }
    }

    private FrontendEndpoint? NextUntried(HashSet<FrontendEndpoint> tried)
    {
        lock (_lock)
        {
            foreach (var endpoint in _known)
            {
                if (!tried.Contains(endpoint))
                {
                    return endpoint;
                }
            }
        }

        return null;
    }

    private FrontendEndpoint[] Known()
    {
        lock (_lock)
        {
            return [.. _known];
        }
    }

    private void SetMaster(FrontendEndpoint endpoint)
    {
        lock (_lock)
        {
            _master = endpoint;
        }
    }

    private FrontendClient ClientFor(FrontendEndpoint endpoint)
    {
        lock (_lock)
        {
            if (!_clients.TryGetValue(endpoint, out var client))
            {
                client = new FrontendClient(_options(endpoint), _commitTxnTimeout);
                _clients.Add(endpoint, client);
            }

            return client;
        }
    }
}
