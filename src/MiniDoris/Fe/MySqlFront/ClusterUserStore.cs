using MiniDoris.MySql;

namespace MiniDoris.Fe.MySqlFront;

/// <summary>Gives the MySQL server the cluster's accounts (mysql_native_password, as Doris FE).</summary>
internal sealed class ClusterUserStore : IMySqlUserStore
{
    private readonly DorisCluster _cluster;

    public ClusterUserStore(DorisCluster cluster)
    {
        _cluster = cluster;
    }

    public ValueTask<MySqlUserCredential?> FindAsync(string user, string clientHost, CancellationToken cancellationToken)
    {
        var hash = _cluster.PasswordDoubleSha1(user);
        return ValueTask.FromResult(hash is null ? null : MySqlUserCredential.FromDoubleSha1(hash));
    }
}
