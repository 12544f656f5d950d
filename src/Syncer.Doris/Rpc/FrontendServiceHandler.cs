using Syncer.Doris.Thrift;

namespace Syncer.Doris.Rpc;

/// <summary>
/// Serves an <see cref="IFrontendService"/> through Apache Thrift's generated <c>FrontendService.AsyncProcessor</c>:
/// the generated interface takes nullable requests (a call may omit its argument), ours does not, so a missing
/// request is handed on as an empty one, which is what a Java FE sees too.
/// </summary>
public sealed class FrontendServiceHandler(IFrontendService service) : FrontendService.IAsync
{
    private readonly IFrontendService _service = service ?? throw new ArgumentNullException(nameof(service));

    /// <summary>The processor a Thrift server runs for <paramref name="service"/>.</summary>
    public static FrontendService.AsyncProcessor Processor(IFrontendService service) => new(new FrontendServiceHandler(service));

    public Task<TBeginTxnResult> beginTxn(TBeginTxnRequest? request, CancellationToken cancellationToken = default) =>
        Serve(_service.BeginTxnAsync(request ?? new(), cancellationToken), cancellationToken);

    public Task<TCommitTxnResult> commitTxn(TCommitTxnRequest? request, CancellationToken cancellationToken = default) =>
        Serve(_service.CommitTxnAsync(request ?? new(), cancellationToken), cancellationToken);

    public Task<TRollbackTxnResult> rollbackTxn(TRollbackTxnRequest? request, CancellationToken cancellationToken = default) =>
        Serve(_service.RollbackTxnAsync(request ?? new(), cancellationToken), cancellationToken);

    public Task<TGetBinlogResult> getBinlog(TGetBinlogRequest? request, CancellationToken cancellationToken = default) =>
        Serve(_service.GetBinlogAsync(request ?? new(), cancellationToken), cancellationToken);

    public Task<TGetBinlogLagResult> getBinlogLag(TGetBinlogRequest? request, CancellationToken cancellationToken = default) =>
        Serve(_service.GetBinlogLagAsync(request ?? new(), cancellationToken), cancellationToken);

    public Task<TGetSnapshotResult> getSnapshot(TGetSnapshotRequest? request, CancellationToken cancellationToken = default) =>
        Serve(_service.GetSnapshotAsync(request ?? new(), cancellationToken), cancellationToken);

    public Task<TRestoreSnapshotResult> restoreSnapshot(TRestoreSnapshotRequest? request, CancellationToken cancellationToken = default) =>
        Serve(_service.RestoreSnapshotAsync(request ?? new(), cancellationToken), cancellationToken);

    public Task<TGetMasterTokenResult> getMasterToken(TGetMasterTokenRequest? request, CancellationToken cancellationToken = default) =>
        Serve(_service.GetMasterTokenAsync(request ?? new(), cancellationToken), cancellationToken);

    public Task<TGetMetaResult> getMeta(TGetMetaRequest? request, CancellationToken cancellationToken = default) =>
        Serve(_service.GetMetaAsync(request ?? new(), cancellationToken), cancellationToken);

    public Task<TGetBackendMetaResult> getBackendMeta(TGetBackendMetaRequest? request, CancellationToken cancellationToken = default) =>
        Serve(_service.GetBackendMetaAsync(request ?? new(), cancellationToken), cancellationToken);

    private static Task<TResult> Serve<TResult>(ValueTask<TResult> call, CancellationToken cancellationToken) =>
        ServerStop.DropWhenStopping(call, cancellationToken);
}
