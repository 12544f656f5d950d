using Syncer.Doris.Sql;

namespace Syncer.TestSupport.Sql;

/// <summary>
/// A test's SQL connection to a minidoris (or Doris) FE: the syncer's own <see cref="DorisSqlSession"/> (MySqlConnector)
/// with generous timeouts, answering rows by name. A refused statement throws <see cref="DorisSqlException"/>.
/// </summary>
public sealed class DorisSqlClient : IAsyncDisposable
{
    private static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan StatementTimeout = TimeSpan.FromMinutes(5);
    private readonly IDorisSqlSession _session;

    private DorisSqlClient(IDorisSqlSession session) => _session = session;

    /// <summary>Logs in to 127.0.0.1:<paramref name="port"/> (root without password unless told).</summary>
    public static async Task<DorisSqlClient> OpenAsync(int port, string user = "root", string password = "", CancellationToken cancellationToken = default) =>
        new(await DorisSqlSession.OpenAsync("127.0.0.1", port, user, password, ConnectTimeout, StatementTimeout, TimeProvider.System, cancellationToken));

    /// <summary>Runs a statement that returns no rows.</summary>
    public Task ExecuteAsync(string sql, CancellationToken cancellationToken = default) => _session.ExecuteAsync(sql, cancellationToken);

    /// <summary>Runs a query; every value as the text the FE sent.</summary>
    public async Task<TextResultSet> QueryResultSetAsync(string sql, CancellationToken cancellationToken = default) =>
        new(await _session.QueryAsync(sql, cancellationToken));

    /// <inheritdoc />
    public ValueTask DisposeAsync() => _session.DisposeAsync();
}
