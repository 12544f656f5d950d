using Syncer.Store;

namespace Syncer.Jobs;

/// <summary>
/// Asks the source FE how many binlogs a job has not applied yet (the FE's getBinlogLag RPC, used by
/// <c>/get_lag</c>). Implemented over the FE Thrift client by the sync engine.
/// </summary>
public interface IReplicationLagSource
{
    /// <summary>The lag in binlogs after <paramref name="commitSeq"/>.</summary>
    Task<long> GetLagAsync(StoredJob job, long commitSeq, CancellationToken cancellationToken);
}
