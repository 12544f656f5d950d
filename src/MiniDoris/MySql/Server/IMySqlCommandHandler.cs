namespace MiniDoris.MySql;

/// <summary>
/// The application behind a <see cref="MySqlServer"/>: answers queries and decides database switches.
/// The protocol layer interprets no SQL; whatever a client sends (including what the mysql command-line client sends
/// at startup, like "select @@version_comment limit 1") arrives here.
/// </summary>
/// <remarks>
/// Calls for one session never overlap; calls for different sessions run concurrently. An exception becomes an ERR
/// reply (a <see cref="MySqlException"/> keeps its code and SQLSTATE, anything else is 1105) and the session goes on.
/// </remarks>
public interface IMySqlCommandHandler
{
    /// <summary>Answers a COM_QUERY.</summary>
    ValueTask<MySqlReply> QueryAsync(MySqlSession session, string sql, CancellationToken cancellationToken);

    /// <summary>
    /// Decides a database switch: COM_INIT_DB, and the database a client names at login (CONNECT_WITH_DB).
    /// Reply OK to accept (the session's <see cref="MySqlSession.Database"/> is then set) or an error such as
    /// 1049 Unknown database to refuse (at login the connection is then closed).
    /// </summary>
    ValueTask<MySqlReply> InitDatabaseAsync(MySqlSession session, string database, CancellationToken cancellationToken);

    /// <summary>Called after a successful login, before the first command.</summary>
    ValueTask OnSessionOpenedAsync(MySqlSession session, CancellationToken cancellationToken) => ValueTask.CompletedTask;

    /// <summary>Called once when a session that logged in ends, however it ends.</summary>
    ValueTask OnSessionClosedAsync(MySqlSession session) => ValueTask.CompletedTask;
}
