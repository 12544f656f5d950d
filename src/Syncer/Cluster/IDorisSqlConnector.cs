using Syncer.Doris.Sql;
using Syncer.Jobs;

namespace Syncer.Cluster;

/// <summary>Opens <see cref="IDorisSqlSession"/>s to the FE named by a <see cref="ClusterSpec"/> (host, port, user, password, no default database).</summary>
public interface IDorisSqlConnector
{
    /// <summary>Connects and authenticates; fails with the client's exception when it cannot.</summary>
    Task<IDorisSqlSession> OpenAsync(ClusterSpec cluster, CancellationToken cancellationToken);
}
