using Syncer.Doris.Thrift;

namespace Syncer.Doris.Rpc;

/// <summary>
/// The FrontendService methods CCR uses. The syncer calls them through <see cref="FrontendClient"/> or
/// <see cref="FailoverFrontendClient"/>; minidoris implements them and serves them with
/// <see cref="FrontendServiceHandler"/> on a <see cref="ThriftServiceHost"/>. Keeping this seam small is what let
/// Apache Thrift's generated code replace our own Thrift stack without touching the engine or minidoris.
/// </summary>
public interface IFrontendService
{
    ValueTask<TBeginTxnResult> BeginTxnAsync(TBeginTxnRequest request, CancellationToken cancellationToken);

    ValueTask<TCommitTxnResult> CommitTxnAsync(TCommitTxnRequest request, CancellationToken cancellationToken);

    ValueTask<TRollbackTxnResult> RollbackTxnAsync(TRollbackTxnRequest request, CancellationToken cancellationToken);

    ValueTask<TGetBinlogResult> GetBinlogAsync(TGetBinlogRequest request, CancellationToken cancellationToken);

    ValueTask<TGetBinlogLagResult> GetBinlogLagAsync(TGetBinlogRequest request, CancellationToken cancellationToken);

    ValueTask<TGetSnapshotResult> GetSnapshotAsync(TGetSnapshotRequest request, CancellationToken cancellationToken);

    ValueTask<TRestoreSnapshotResult> RestoreSnapshotAsync(TRestoreSnapshotRequest request, CancellationToken cancellationToken);

    ValueTask<TGetMasterTokenResult> GetMasterTokenAsync(TGetMasterTokenRequest request, CancellationToken cancellationToken);

    ValueTask<TGetMetaResult> GetMetaAsync(TGetMetaRequest request, CancellationToken cancellationToken);

    ValueTask<TGetBackendMetaResult> GetBackendMetaAsync(TGetBackendMetaRequest request, CancellationToken cancellationToken);
}
