using Syncer.Doris.Rpc;
using Syncer.Doris.Thrift;

namespace Syncer.Tests.Support;

/// <summary>
/// A source FE's Thrift server on a real port that answers getBinlogLag with the configured result and
/// records the request; every other FrontendService method is outside what /get_lag may call.
/// </summary>
public sealed class LagFrontend : IFrontendService, IAsyncDisposable
{
    private readonly ThriftServiceHost _server;

    public LagFrontend()
    {
        _server = new ThriftServiceHost(FrontendServiceHandler.Processor(this));
        _server.Start();
    }

    public int Port => _server.Port;

    public TGetBinlogLagResult Answer { get; set; } = new() { Status = new TStatus { StatusCode = TStatusCode.OK }, Lag = 0 };

    public TGetBinlogRequest? LastRequest { get; private set; }

    public ValueTask<TGetBinlogLagResult> GetBinlogLagAsync(TGetBinlogRequest request, CancellationToken cancellationToken)
    {
        LastRequest = request;
        return ValueTask.FromResult(Answer);
    }

    public ValueTask<TBeginTxnResult> BeginTxnAsync(TBeginTxnRequest request, CancellationToken cancellationToken) => throw Unexpected();

    public ValueTask<TCommitTxnResult> CommitTxnAsync(TCommitTxnRequest request, CancellationToken cancellationToken) => throw Unexpected();

    public ValueTask<TRollbackTxnResult> RollbackTxnAsync(TRollbackTxnRequest request, CancellationToken cancellationToken) => throw Unexpected();

    public ValueTask<TGetBinlogResult> GetBinlogAsync(TGetBinlogRequest request, CancellationToken cancellationToken) => throw Unexpected();

    public ValueTask<TGetSnapshotResult> GetSnapshotAsync(TGetSnapshotRequest request, CancellationToken cancellationToken) => throw Unexpected();

    public ValueTask<TRestoreSnapshotResult> RestoreSnapshotAsync(TRestoreSnapshotRequest request, CancellationToken cancellationToken) => throw Unexpected();

    public ValueTask<TGetMasterTokenResult> GetMasterTokenAsync(TGetMasterTokenRequest request, CancellationToken cancellationToken) => throw Unexpected();

    public ValueTask<TGetMetaResult> GetMetaAsync(TGetMetaRequest request, CancellationToken cancellationToken) => throw Unexpected();

    public ValueTask<TGetBackendMetaResult> GetBackendMetaAsync(TGetBackendMetaRequest request, CancellationToken cancellationToken) => throw Unexpected();

    public ValueTask DisposeAsync() => _server.DisposeAsync();

    private static NotSupportedException Unexpected() => new("/get_lag must only call getBinlogLag");
}
