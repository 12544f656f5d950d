using Syncer.Wire.MySql;

namespace Syncer.Doris.Sql;

/// <summary>
/// <see cref="IDorisSqlSession"/> over our own MySQL-protocol client (Syncer.Wire): one connection, no default
/// database, one statement per call (Doris FE does not take multi-statements the way MySQL does).
/// </summary>
public sealed class WireDorisSqlSession : IDorisSqlSession
{
    private readonly MySqlConnection _connection;

    private WireDorisSqlSession(MySqlConnection connection) => _connection = connection;

    /// <summary>Connects and authenticates within <paramref name="connectTimeout"/>; each statement then gets <paramref name="statementTimeout"/>.</summary>
    /// <exception cref="MySqlException">The FE refused the login (e.g. access denied).</exception>
    public static async Task<IDorisSqlSession> OpenAsync(string host, int port, string user, string password,
        TimeSpan connectTimeout, TimeSpan statementTimeout, TimeProvider time, CancellationToken cancellationToken)
    {
        var connection = await MySqlConnection.OpenAsync(new MySqlConnectionOptions
        {
            Host = host,
            Port = port,
            User = user,
            Password = password,
            ConnectTimeout = connectTimeout,
            ReadTimeout = statementTimeout,
            AllowMultiStatements = false,
            TimeProvider = time,
        }, cancellationToken).ConfigureAwait(false);
        return new WireDorisSqlSession(connection);
    }

    /// <inheritdoc />
    public async Task<DorisSqlResult> QueryAsync(string sql, CancellationToken cancellationToken)
    {
        var result = await _connection.QueryResultSetAsync(sql, cancellationToken).ConfigureAwait(false);
        var columns = result.Columns.Select(c => c.Name).ToList();
        var rows = result.Rows
            .Select(r => (IReadOnlyList<string?>)Enumerable.Range(0, r.FieldCount).Select(r.GetStringOrNull).ToList())
            .ToList();
        return new DorisSqlResult(columns, rows);
    }

    /// <inheritdoc />
    public async Task ExecuteAsync(string sql, CancellationToken cancellationToken) =>
        await _connection.ExecuteAsync(sql, cancellationToken).ConfigureAwait(false);

    /// <inheritdoc />
    public ValueTask DisposeAsync() => _connection.DisposeAsync();
}
