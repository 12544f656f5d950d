using Syncer.Store;

namespace Syncer.Jobs;

/// <summary>
/// The lag source used until the FE Thrift client is part of the build: it reports, truthfully, that
/// the lag cannot be measured, instead of inventing a number.
/// </summary>
public sealed class FeRpcUnavailableLagSource : IReplicationLagSource
{
    /// <inheritdoc />
    public Task<long> GetLagAsync(StoredJob job, long commitSeq, CancellationToken cancellationToken) =>
        Task.FromException<long>(new JobOperationException(
            $"cannot get the lag of job {job.Name}: this build has no FE Thrift client yet (getBinlogLag is not available)"));
}
