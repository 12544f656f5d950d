using Syncer.Doris.Sql;
using Syncer.Jobs;

namespace Syncer.Cluster;

/// <summary>
/// <see cref="IDorisSqlConnector"/> over Syncer.Doris's <see cref="DorisSqlSession"/>. One connection per
/// session: job creation and desync are rare, so pooling would only keep idle sessions on the FE.
/// </summary>
public sealed class DorisSqlConnector(ClusterTimeouts timeouts, TimeProvider time) : IDorisSqlConnector
{
    /// <inheritdoc />
    public Task<IDorisSqlSession> OpenAsync(ClusterSpec cluster, CancellationToken cancellationToken) =>
        DorisSqlSession.OpenAsync(cluster.Host, cluster.QueryPort, cluster.User, cluster.Password, timeouts.Connect, timeouts.Call, time,
            cancellationToken);
}
