namespace Syncer.Wire.MySql;

/// <summary>Where and how to connect, plus the pool settings <see cref="MySqlConnectionPool"/> applies.</summary>
public sealed record MySqlConnectionOptions
{
    public required string Host { get; init; }

    public int Port { get; init; } = 3306;

    public required string User { get; init; }

    /// <summary>The password; empty sends an empty auth response, as MySQL expects for accounts without one.</summary>
    public string Password { get; init; } = string.Empty;

    /// <summary>Default database selected at login (CONNECT_WITH_DB); null for none.</summary>
    public string? Database { get; init; }

    /// <summary>Limit for TCP connect plus handshake and authentication.</summary>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Limit for each command, from sending it to reading its last packet. A command that exceeds it throws
    /// <see cref="MySqlTimeoutException"/> and closes the connection. Zero or negative disables the limit.
    /// </summary>
    public TimeSpan ReadTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// SQL run once right after login on every new connection, for session settings the application relies on
    /// (for example clearing NO_BACKSLASH_ESCAPES so that <see cref="MySqlQuote.String"/> literals mean what they say).
    /// </summary>
    public string? SessionInitSql { get; init; }

    /// <summary>Allow several ';'-separated statements in one query (CLIENT_MULTI_STATEMENTS), each with its own result.</summary>
    public bool AllowMultiStatements { get; init; } = true;

    /// <summary>Pool: connections kept open while nobody uses them.</summary>
    public int MaxIdleConnections { get; init; } = 13;

    /// <summary>Pool: connections open at once (rented plus idle); renters wait for a free one. 0 means unlimited.</summary>
    public int MaxOpenConnections { get; init; }

    /// <summary>Pool: an idle connection older than this is checked with COM_PING before it is handed out.</summary>
    public TimeSpan PingAfterIdle { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Pool: an idle connection older than this is closed instead of reused (servers drop idle sessions too).</summary>
    public TimeSpan MaxIdleTime { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>Clock for timeouts and idle ages; tests can substitute a fake one.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>
    /// Test hook: announce this auth plugin in the handshake response instead of the server's default, which makes a
    /// real server answer with an AuthSwitchRequest.
    /// </summary>
    internal string? AnnouncedAuthPlugin { get; init; }

    /// <summary>"host:port", for error messages.</summary>
    public string Endpoint => $"{Host}:{Port}";

    /// <summary>Leaves the password out so options can be logged.</summary>
    public override string ToString() =>
        $"MySqlConnectionOptions {{ Endpoint = {Endpoint}, User = {User}, Database = {Database ?? "(none)"} }}";
}
