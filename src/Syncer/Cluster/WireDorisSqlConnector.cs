using Syncer.Jobs;
using Syncer.Wire.MySql;

namespace Syncer.Cluster;

/// <summary>
/// <see cref="IDorisSqlConnector"/> over our own MySQL-protocol client (Syncer.Wire). One connection per
/// session: job creation and desync are rare, so pooling would only keep idle sessions on the FE.
/// </summary>
public sealed class WireDorisSqlConnector(ClusterTimeouts timeouts, TimeProvider time) : IDorisSqlConnector
{
    /// <inheritdoc />
    public async Task<IDorisSqlSession> OpenAsync(ClusterSpec cluster, CancellationToken cancellationToken)
    {
        var connection = await MySqlConnection.OpenAsync(new MySqlConnectionOptions
        {
            Host = cluster.Host,
            Port = cluster.QueryPort,
            User = cluster.User,
            Password = cluster.Password,
            ConnectTimeout = timeouts.Connect,
            ReadTimeout = timeouts.Call,
            // Doris FE does not take multi-statements the way MySQL does; every check is one statement.
            AllowMultiStatements = false,
            TimeProvider = time,
        }, cancellationToken);
        return new Session(connection);
    }

    private sealed class Session(MySqlConnection connection) : IDorisSqlSession
    {
        public async Task<SqlResult> QueryAsync(string sql, CancellationToken cancellationToken)
        {
            var result = await connection.QueryResultSetAsync(sql, cancellationToken);
            var columns = result.Columns.Select(c => c.Name).ToList();
            var rows = result.Rows
                .Select(r => (IReadOnlyList<string?>)Enumerable.Range(0, r.FieldCount).Select(i => r.GetStringOrNull(i)).ToList())
                .ToList();
            return new SqlResult(columns, rows);
        }

        public async Task ExecuteAsync(string sql, CancellationToken cancellationToken) => await connection.ExecuteAsync(sql, cancellationToken);

        public ValueTask DisposeAsync() => connection.DisposeAsync();
    }
}
