using Syncer.Jobs;

namespace Syncer.Cluster;

/// <summary>
/// Used when the build has no MySQL-protocol client to reach Doris with: every connection attempt fails
/// with a message saying so, rather than pretending a cluster answered.
/// </summary>
public sealed class MissingSqlClientConnector : IDorisSqlConnector
{
    /// <inheritdoc />
    public Task<IDorisSqlSession> OpenAsync(ClusterSpec cluster, CancellationToken cancellationToken) =>
        Task.FromException<IDorisSqlSession>(new InvalidOperationException("this build has no MySQL protocol client"));
}
