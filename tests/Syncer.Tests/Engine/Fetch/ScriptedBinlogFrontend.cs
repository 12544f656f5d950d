using Syncer.Doris.Rpc;
using Syncer.Doris.Thrift;

namespace Syncer.Tests.Engine.Fetch;

/// <summary>
/// A source FE's database binlog list in memory, answering getBinlog as Doris does (docs/doris-facts.md, "getBinlog"): the binlogs after
/// prev_commit_seq, one per call (Doris 2.0/2.1) or up to num_acquired (newer FEs), else BINLOG_TOO_NEW_COMMIT_SEQ.
/// getBinlogLag answers last_commit_seq (2.1+) when <c>lastCommitSeqInLag</c>, else fails as an FE without it would be
/// of no help. Nothing else is scripted.
/// </summary>
public sealed class ScriptedBinlogFrontend(bool onePerCall, bool lastCommitSeqInLag = false) : IFrontendService
{
    private readonly List<TBinlog> _binlogs = [];
    private int _calls;

    public int Calls => Volatile.Read(ref _calls);

    /// <summary>Appends a binlog touching <paramref name="tableIds"/> (none: a database-wide binlog).</summary>
    public long Add(long commitSeq, params long[] tableIds)
    {
        lock (_binlogs)
        {
            _binlogs.Add(new TBinlog { CommitSeq = commitSeq, Type = TBinlogType.UPSERT, TableIds = tableIds.Length > 0 ? [.. tableIds] : null });
        }

        return commitSeq;
    }

    public ValueTask<TGetBinlogResult> GetBinlogAsync(TGetBinlogRequest request, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _calls);
        lock (_binlogs)
        {
            var count = onePerCall ? 1 : (int)Math.Clamp(request.NumAcquired ?? 1, 1, 255);
            var newer = _binlogs.Where(b => b.CommitSeq > request.PrevCommitSeq).Take(count).ToList();
            return ValueTask.FromResult(newer.Count == 0
                ? new TGetBinlogResult { Status = new TStatus { StatusCode = TStatusCode.BINLOG_TOO_NEW_COMMIT_SEQ } }
                : new TGetBinlogResult { Status = new TStatus { StatusCode = TStatusCode.OK }, Binlogs = newer });
        }
    }

    public ValueTask<TBeginTxnResult> BeginTxnAsync(TBeginTxnRequest request, CancellationToken cancellationToken) => throw new NotSupportedException();

    public ValueTask<TCommitTxnResult> CommitTxnAsync(TCommitTxnRequest request, CancellationToken cancellationToken) => throw new NotSupportedException();

    public ValueTask<TRollbackTxnResult> RollbackTxnAsync(TRollbackTxnRequest request, CancellationToken cancellationToken) => throw new NotSupportedException();

    public ValueTask<TGetBinlogLagResult> GetBinlogLagAsync(TGetBinlogRequest request, CancellationToken cancellationToken)
    {
        if (!lastCommitSeqInLag) throw new NotSupportedException();
        lock (_binlogs)
        {
            return ValueTask.FromResult(new TGetBinlogLagResult
            {
                Status = new TStatus { StatusCode = TStatusCode.OK },
                Lag = _binlogs.Count(b => b.CommitSeq > request.PrevCommitSeq),
                LastCommitSeq = _binlogs.Count > 0 ? _binlogs[^1].CommitSeq : null,
            });
        }
    }

    public ValueTask<TGetSnapshotResult> GetSnapshotAsync(TGetSnapshotRequest request, CancellationToken cancellationToken) => throw new NotSupportedException();

    public ValueTask<TRestoreSnapshotResult> RestoreSnapshotAsync(TRestoreSnapshotRequest request, CancellationToken cancellationToken) =>
        throw new NotSupportedException();

    public ValueTask<TGetMasterTokenResult> GetMasterTokenAsync(TGetMasterTokenRequest request, CancellationToken cancellationToken) =>
        throw new NotSupportedException();

    public ValueTask<TGetMetaResult> GetMetaAsync(TGetMetaRequest request, CancellationToken cancellationToken) => throw new NotSupportedException();

    public ValueTask<TGetBackendMetaResult> GetBackendMetaAsync(TGetBackendMetaRequest request, CancellationToken cancellationToken) =>
        throw new NotSupportedException();
}
