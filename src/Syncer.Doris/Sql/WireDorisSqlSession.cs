using Syncer.Wire.MySql;

namespace Syncer.Doris.Sql;

/// <summary>
/// <see cref="IDorisSqlSession"/> over our own MySQL-protocol client (Syncer.Wire): one connection, no default
/// database, one statement per call (Doris FE does not take multi-statements the way MySQL does). The client's own
/// timeouts surface as <see cref="TimeoutException"/>, so callers need not know the client.
/// </summary>
public sealed class WireDorisSqlSession : IDorisSqlSession
{
    private readonly MySqlConnection _connection;

    private WireDorisSqlSession(MySqlConnection connection) => _connection = connection;

    /// <summary>Connects and authenticates within <paramref name="connectTimeout"/>; each statement then gets <paramref name="statementTimeout"/>.</summary>
    /// <exception cref="MySqlException">The FE refused the login (e.g. access denied).</exception>
    /// <exception cref="TimeoutException">No complete login within <paramref name="connectTimeout"/>.</exception>
    public static async Task<IDorisSqlSession> OpenAsync(string host, int port, string user, string password,
        TimeSpan connectTimeout, TimeSpan statementTimeout, TimeProvider time, CancellationToken cancellationToken)
    {
        MySqlConnection connection;
        try
        {
            connection = await MySqlConnection.OpenAsync(new MySqlConnectionOptions
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
        }
        catch (MySqlTimeoutException e)
        {
            throw new TimeoutException(e.Message, e);
        }
        return new WireDorisSqlSession(connection);
    }

    /// <inheritdoc />
    public async Task<DorisSqlResult> QueryAsync(string sql, CancellationToken cancellationToken)
    {
        MySqlResultSet result;
        try
        {
            result = await _connection.QueryResultSetAsync(sql, cancellationToken).ConfigureAwait(false);
        }
        catch (MySqlTimeoutException e)
        {
            throw new TimeoutException(e.Message, e);
        }
        catch (MySqlException e) when (e.ErrorCode is not (0 or (>= 2000 and < 3000)))
        {
            throw new DorisSqlException(e.ErrorCode, e.Message, e);
        }
        var columns = result.Columns.Select(c => c.Name).ToList();
        var rows = result.Rows
            .Select(r => (IReadOnlyList<string?>)Enumerable.Range(0, r.FieldCount).Select(r.GetStringOrNull).ToList())
            .ToList();
        return new DorisSqlResult(columns, rows);
    }

    /// <inheritdoc />
    public async Task ExecuteAsync(string sql, CancellationToken cancellationToken)
    {
        try
        {
            await _connection.ExecuteAsync(sql, cancellationToken).ConfigureAwait(false);
        }
        catch (MySqlTimeoutException e)
        {
            throw new TimeoutException(e.Message, e);
        }
        catch (MySqlException e) when (e.ErrorCode is not (0 or (>= 2000 and < 3000)))
        {
            throw new DorisSqlException(e.ErrorCode, e.Message, e);
        }
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync() => _connection.DisposeAsync();
}
