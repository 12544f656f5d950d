using System.Collections.Concurrent;
using Syncer.Doris.Rpc;
using Syncer.Doris.Thrift;

namespace Syncer.Tests.Engine.Fetch;

/// <summary>
/// An <see cref="IFrontendService"/> decorator that counts getBinlog calls (minidoris exposes no per-method call
/// counter) and remembers the statuses they were answered with.
/// </summary>
public sealed class CountingFrontend(IFrontendService inner) : IFrontendService, IAsyncDisposable
{
    private int _started;
    private int _answered;

    /// <summary>getBinlog calls sent so far.</summary>
    public int Started => Volatile.Read(ref _started);

    /// <summary>getBinlog calls answered so far.</summary>
    public int Answered => Volatile.Read(ref _answered);

    /// <summary>Every status getBinlog answered, in order.</summary>
    public ConcurrentQueue<TStatusCode> Statuses { get; } = new();

    public async ValueTask<TGetBinlogResult> GetBinlogAsync(TGetBinlogRequest request, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _started);
        var result = await inner.GetBinlogAsync(request, cancellationToken);
        Statuses.Enqueue(result.Status?.StatusCode ?? TStatusCode.OK);
        Interlocked.Increment(ref _answered);
        return result;
    }

    public ValueTask<TBeginTxnResult> BeginTxnAsync(TBeginTxnRequest request, CancellationToken cancellationToken) => inner.BeginTxnAsync(request, cancellationToken);

    public ValueTask<TCommitTxnResult> CommitTxnAsync(TCommitTxnRequest request, CancellationToken cancellationToken) => inner.CommitTxnAsync(request, cancellationToken);

    public ValueTask<TRollbackTxnResult> RollbackTxnAsync(TRollbackTxnRequest request, CancellationToken cancellationToken) =>
        inner.RollbackTxnAsync(request, cancellationToken);

    public ValueTask<TGetBinlogLagResult> GetBinlogLagAsync(TGetBinlogRequest request, CancellationToken cancellationToken) =>
        inner.GetBinlogLagAsync(request, cancellationToken);

    public ValueTask<TGetSnapshotResult> GetSnapshotAsync(TGetSnapshotRequest request, CancellationToken cancellationToken) =>
        inner.GetSnapshotAsync(request, cancellationToken);

    public ValueTask<TRestoreSnapshotResult> RestoreSnapshotAsync(TRestoreSnapshotRequest request, CancellationToken cancellationToken) =>
        inner.RestoreSnapshotAsync(request, cancellationToken);

    public ValueTask<TGetMasterTokenResult> GetMasterTokenAsync(TGetMasterTokenRequest request, CancellationToken cancellationToken) =>
        inner.GetMasterTokenAsync(request, cancellationToken);

    public ValueTask<TGetMetaResult> GetMetaAsync(TGetMetaRequest request, CancellationToken cancellationToken) => inner.GetMetaAsync(request, cancellationToken);

    public ValueTask<TGetBackendMetaResult> GetBackendMetaAsync(TGetBackendMetaRequest request, CancellationToken cancellationToken) =>
        inner.GetBackendMetaAsync(request, cancellationToken);

    public async ValueTask DisposeAsync()
    {
        if (inner is IAsyncDisposable disposable) await disposable.DisposeAsync();
    }
}
