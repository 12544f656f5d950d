using Syncer.Store;

namespace Syncer.Jobs;

/// <summary>
/// Asks the source FE how far behind a job is (used by <c>/get_lag</c>): the FE's count of binlogs after the job's
/// position (getBinlogLag) and how old the oldest of them is.
/// </summary>
public interface IReplicationLagSource
{
    /// <summary>The lag after <paramref name="commitSeq"/>.</summary>
    Task<ReplicationLag> GetLagAsync(StoredJob job, long commitSeq, CancellationToken cancellationToken);
}

/// <summary>A job's lag: binlogs not yet applied, and seconds since the oldest of them was committed on the source (0 when none).</summary>
public sealed record ReplicationLag(long Binlogs, double Seconds);
