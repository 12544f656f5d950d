using System.Net.Sockets;
using System.Text;
using Syncer.Wire.MySql.Protocol;

namespace Syncer.Wire.MySql;

/// <summary>
/// One client connection speaking the text protocol (COM_QUERY, COM_PING, COM_INIT_DB).
/// Not thread-safe: one command at a time. Any transport failure, timeout or cancellation closes the socket and
/// leaves the connection <see cref="IsBroken"/>, because a half-read response would desynchronise the protocol.
/// </summary>
public sealed class MySqlConnection : IAsyncDisposable
{
    // What we would like; the handshake keeps only what the server also offers.
    private const CapabilityFlags WantedCapabilities =
        CapabilityFlags.LongPassword | CapabilityFlags.LongFlag | CapabilityFlags.Protocol41
        | CapabilityFlags.Transactions | CapabilityFlags.SecureConnection | CapabilityFlags.MultiResults
        | CapabilityFlags.PluginAuth | CapabilityFlags.PluginAuthLengthEncodedClientData | CapabilityFlags.DeprecateEof;

    private const uint MaxPacketSize = 1024 * 1024 * 1024;

    private static readonly TimeSpan QuitTimeout = TimeSpan.FromSeconds(1);

    private readonly Socket _socket;
    private readonly PacketChannel _channel;
    private readonly TimeProvider _timeProvider;
    private CapabilityFlags _capabilities;
    private int _busy;
    private int _state; // see ConnectionState
    private string? _brokenReason;

    private MySqlConnection(MySqlConnectionOptions options, Socket socket)
    {
        Options = options;
        _socket = socket;
        _timeProvider = options.TimeProvider;
        _channel = new PacketChannel(new NetworkStream(socket, ownsSocket: true));
        Database = options.Database;
    }

    private enum ConnectionState
    {
        Open = 0,
        Broken = 1,
        Disposed = 2,
    }

    public MySqlConnectionOptions Options { get; }

    /// <summary>The server's thread id for this session (what SHOW PROCESSLIST and KILL use).</summary>
    public uint ConnectionId { get; private set; }

    /// <summary>The version string from the server's greeting, e.g. "5.7.99" (Doris) or "5.5.5-10.11.6-MariaDB".</summary>
    public string ServerVersion { get; private set; } = string.Empty;

    /// <summary>The default database as far as this connection knows (login, <see cref="ChangeDatabaseAsync"/>).</summary>
    public string? Database { get; private set; }

    /// <summary>True once the connection can no longer be used: socket died, server killed it, timeout or cancellation.</summary>
    public bool IsBroken => Volatile.Read(ref _state) != (int)ConnectionState.Open;

    /// <summary>The auth plugin the login finally used (after any AuthSwitchRequest).</summary>
    internal string AuthPlugin { get; private set; } = string.Empty;

    /// <summary>Whether the server sent an AuthSwitchRequest during login.</summary>
    internal bool AuthSwitched { get; private set; }

    internal bool DeprecateEof => (_capabilities & CapabilityFlags.DeprecateEof) != 0;

    /// <summary>Connects, authenticates and (if <see cref="MySqlConnectionOptions.Database"/> is set) selects the database.</summary>
    /// <exception cref="MySqlConnectionException">The server cannot be reached in time.</exception>
    /// <exception cref="MySqlException">The server refused the login (e.g. 1045 access denied, 1049 unknown database).</exception>
    public static async ValueTask<MySqlConnection> OpenAsync(MySqlConnectionOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrEmpty(options.Host);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(options.Port);

        using var timeout = new CancellationTokenSource(Positive(options.ConnectTimeout), options.TimeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(options.Host, options.Port, linked.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is SocketException or OperationCanceledException)
        {
            socket.Dispose();
            cancellationToken.ThrowIfCancellationRequested();
            throw ex is SocketException socketError
                ? new MySqlConnectionException(MySqlErrorCode.CannotConnect,
                    $"Cannot connect to MySQL server at {options.Endpoint}: {socketError.Message}", ex)
                : new MySqlTimeoutException(
                    $"Cannot connect to MySQL server at {options.Endpoint}: no connection within {options.ConnectTimeout}.", ex);
        }

        var connection = new MySqlConnection(options, socket);
        try
        {
            await connection.LoginAsync(linked.Token).ConfigureAwait(false);
            if (!string.IsNullOrEmpty(options.SessionInitSql))
            {
                await connection.QueryAsync(options.SessionInitSql, linked.Token).ConfigureAwait(false);
            }

            return connection;
        }
        catch (Exception ex)
        {
            connection.MarkBroken("login failed");
            if (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested)
            {
                throw new MySqlTimeoutException(
                    $"Login to MySQL server at {options.Endpoint} did not complete within {options.ConnectTimeout}.", ex);
            }

            if (ex is IOException or SocketException or ObjectDisposedException)
            {
                throw new MySqlConnectionException(MySqlErrorCode.CannotConnect,
                    $"Lost connection to MySQL server at {options.Endpoint} during login: {ex.Message}", ex);
            }

            throw;
        }
    }

    /// <summary>Runs one COM_QUERY and reads every result it produces.</summary>
    /// <exception cref="MySqlException">The server reported an error; the connection stays usable.</exception>
    /// <exception cref="MySqlConnectionException">The connection broke (or was already broken).</exception>
    /// <exception cref="MySqlTimeoutException">The command exceeded <see cref="MySqlConnectionOptions.ReadTimeout"/>.</exception>
    public async ValueTask<MySqlResult> QueryAsync(string sql, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sql);
        using var command = await BeginCommandAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var payload = _channel.BeginPayload();
            payload.WriteByte((byte)CommandKind.Query);
            payload.WriteUtf8(sql);
            await _channel.WritePayloadAsync(payload.WrittenSpan, command.Token).ConfigureAwait(false);
            return await ReadQueryResultAsync(command.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (IsConnectionFatal(ex))
        {
            throw Fail(ex, command, "query");
        }
    }

    /// <summary>Runs a statement and returns the number of affected rows.</summary>
    public async ValueTask<ulong> ExecuteAsync(string sql, CancellationToken cancellationToken)
    {
        var result = await QueryAsync(sql, cancellationToken).ConfigureAwait(false);
        return result.AffectedRows;
    }

    /// <summary>Runs a query and returns its first result set.</summary>
    /// <exception cref="InvalidOperationException">The statement returned no result set.</exception>
    public async ValueTask<MySqlResultSet> QueryResultSetAsync(string sql, CancellationToken cancellationToken)
    {
        var result = await QueryAsync(sql, cancellationToken).ConfigureAwait(false);
        return result.FirstResultSet
            ?? throw new InvalidOperationException("The statement returned no result set.");
    }

    /// <summary>Runs a query and returns the first column of its first row (converted as <see cref="MySqlRow.GetValue(int)"/>), or null.</summary>
    public async ValueTask<object?> ExecuteScalarAsync(string sql, CancellationToken cancellationToken)
    {
        var result = await QueryAsync(sql, cancellationToken).ConfigureAwait(false);
        return result.FirstResultSet is { Rows.Count: > 0 } set && set.Columns.Count > 0 ? set.Rows[0].GetValue(0) : null;
    }

    /// <summary>COM_PING: checks the session is alive.</summary>
    public async ValueTask PingAsync(CancellationToken cancellationToken)
    {
        using var command = await BeginCommandAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await _channel.WritePayloadAsync([(byte)CommandKind.Ping], command.Token).ConfigureAwait(false);
            await ReadOkAsync(command.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (IsConnectionFatal(ex))
        {
            throw Fail(ex, command, "ping");
        }
    }

    /// <summary>COM_INIT_DB: changes the default database (like USE, but without SQL parsing).</summary>
    public async ValueTask ChangeDatabaseAsync(string database, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(database);
        using var command = await BeginCommandAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var payload = _channel.BeginPayload();
            payload.WriteByte((byte)CommandKind.InitDb);
            payload.WriteUtf8(database);
            await _channel.WritePayloadAsync(payload.WrittenSpan, command.Token).ConfigureAwait(false);
            await ReadOkAsync(command.Token).ConfigureAwait(false);
            Database = database;
        }
        catch (Exception ex) when (IsConnectionFatal(ex))
        {
            throw Fail(ex, command, "change database");
        }
    }

    /// <summary>Sends COM_QUIT when the connection is healthy and idle, then closes the socket.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.CompareExchange(ref _state, (int)ConnectionState.Disposed, (int)ConnectionState.Open)
            != (int)ConnectionState.Open)
        {
            Interlocked.Exchange(ref _state, (int)ConnectionState.Disposed);
            _channel.Dispose();
            return;
        }

        // A command in flight on another thread cannot be interleaved with COM_QUIT; closing the socket ends it.
        if (Interlocked.CompareExchange(ref _busy, 1, 0) == 0)
        {
            try
            {
                using var timeout = new CancellationTokenSource(QuitTimeout, _timeProvider);
                _channel.ResetSequence();
                await _channel.WritePayloadAsync([(byte)CommandKind.Quit], timeout.Token).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
            {
                // The server may already be gone; closing is all that is left to do.
            }
        }

        _channel.Dispose();
    }

    /// <summary>
    /// Cheap liveness check for an idle connection: a socket that is readable while no command runs means the server
    /// closed it or announced an error before closing (KILL, shutdown, wait_timeout).
    /// </summary>
    internal bool IsIdleConnectionAlive()
    {
        if (IsBroken)
        {
            return false;
        }

        try
        {
            if (IsReadableWhileIdle())
            {
                MarkBroken("the server closed the connection while it was idle");
                return false;
            }

            return true;
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
        {
            MarkBroken("the socket failed: " + ex.Message);
            return false;
        }
    }

    /// <summary>Bytes from the server (or its close) while no command runs: it is ending the session.</summary>
    private bool IsReadableWhileIdle() => _channel.HasBufferedInput || _socket.Poll(0, SelectMode.SelectRead);

    private static TimeSpan Positive(TimeSpan timeout) => timeout > TimeSpan.Zero ? timeout : Timeout.InfiniteTimeSpan;

    private static bool IsConnectionFatal(Exception ex) =>
        ex is not MySqlException || ex is MySqlConnectionException;

    private async ValueTask LoginAsync(CancellationToken cancellationToken)
    {
        _channel.ResetSequence();
        var payload = await _channel.ReadPayloadAsync(cancellationToken).ConfigureAwait(false);
        if (ErrPacket.IsErr(payload.Span))
        {
            // E.g. "Too many connections" or "Host ... is blocked", sent instead of a greeting.
            throw ErrPacket.Parse(payload.Span).ToException();
        }

        var handshake = HandshakeV10Packet.Parse(payload.Span);
        if ((handshake.Capabilities & CapabilityFlags.Protocol41) == 0)
        {
            throw new MySqlProtocolException($"The server at {Options.Endpoint} does not support the MySQL 4.1 protocol.");
        }

        ConnectionId = handshake.ConnectionId;
        ServerVersion = handshake.ServerVersion;

        var wanted = WantedCapabilities;
        if (Options.AllowMultiStatements)
        {
            wanted |= CapabilityFlags.MultiStatements;
        }

        if (!string.IsNullOrEmpty(Options.Database))
        {
            wanted |= CapabilityFlags.ConnectWithDb;
        }

        _capabilities = wanted & handshake.Capabilities;

        // A plugin we cannot compute (ed25519, gssapi...) still gets a native-password answer; the server then
        // either switches us to something we know or refuses.
        var plugin = Options.AnnouncedAuthPlugin ?? handshake.AuthPluginName;
        if (plugin is not (AuthPluginNames.NativePassword or AuthPluginNames.CachingSha2Password)
            && Options.AnnouncedAuthPlugin is null)
        {
            plugin = AuthPluginNames.NativePassword;
        }

        var nonce = handshake.AuthPluginData;
        var response = new HandshakeResponse41Packet(
            _capabilities,
            MaxPacketSize,
            CharacterSets.Utf8Mb4GeneralCi,
            Options.User,
            ComputeAuthResponse(plugin, nonce),
            Options.Database,
            plugin);
        var writer = _channel.BeginPayload();
        response.Write(writer);
        await _channel.WritePayloadAsync(writer.WrittenSpan, cancellationToken).ConfigureAwait(false);
        await AuthenticateAsync(plugin, nonce, cancellationToken).ConfigureAwait(false);
    }

    private async ValueTask AuthenticateAsync(string plugin, byte[] nonce, CancellationToken cancellationToken)
    {
        while (true)
        {
            var payload = await _channel.ReadPayloadAsync(cancellationToken).ConfigureAwait(false);
            if (OkPacket.IsOk(payload.Span))
            {
                AuthPlugin = plugin;
                return;
            }

            if (ErrPacket.IsErr(payload.Span))
            {
                throw ErrPacket.Parse(payload.Span).ToException();
            }

            if (AuthSwitchRequestPacket.IsAuthSwitchRequest(payload.Span))
            {
                var request = AuthSwitchRequestPacket.Parse(payload.Span);
                plugin = request.PluginName;
                nonce = request.PluginData;
                AuthSwitched = true;
                await _channel.WritePayloadAsync(ComputeAuthResponse(plugin, nonce), cancellationToken).ConfigureAwait(false);
                continue;
            }

            if (AuthMoreDataPacket.IsAuthMoreData(payload.Span) && plugin == AuthPluginNames.CachingSha2Password)
            {
                var data = AuthMoreDataPacket.Parse(payload.Span).Data;
                if (data is [CachingSha2Password.FastAuthSuccess])
                {
                    // The server found our hash in its cache; its OK packet follows.
                    continue;
                }

                if (data is [CachingSha2Password.PerformFullAuthentication])
                {
                    await SendFullCachingSha2AuthenticationAsync(nonce, cancellationToken).ConfigureAwait(false);
                    continue;
                }
            }

            var packet = payload.IsEmpty ? "empty packet" : $"packet (header 0x{payload.Span[0]:X2})";
            throw new MySqlProtocolException($"Unexpected {packet} during {plugin} authentication with {Options.Endpoint}.");
        }
    }

    /// <summary>
    /// caching_sha2_password full authentication without TLS: fetch the server's RSA public key and send the
    /// password encrypted with it, so it never crosses the network in clear text.
    /// </summary>
    private async ValueTask SendFullCachingSha2AuthenticationAsync(byte[] nonce, CancellationToken cancellationToken)
    {
        await _channel.WritePayloadAsync([CachingSha2Password.RequestPublicKey], cancellationToken).ConfigureAwait(false);
        var payload = await _channel.ReadPayloadAsync(cancellationToken).ConfigureAwait(false);
        if (ErrPacket.IsErr(payload.Span))
        {
            throw ErrPacket.Parse(payload.Span).ToException();
        }

        if (!AuthMoreDataPacket.IsAuthMoreData(payload.Span))
        {
            throw new MySqlException(MySqlErrorCode.AuthPluginUnsupported, "HY000",
                $"The server at {Options.Endpoint} requires full caching_sha2_password authentication but did not send "
                + "its RSA public key; use TLS or mysql_native_password for this account.");
        }

        var pem = Encoding.ASCII.GetString(AuthMoreDataPacket.Parse(payload.Span).Data);
        var encrypted = CachingSha2Password.EncryptPassword(Options.Password, nonce, pem);
        await _channel.WritePayloadAsync(encrypted, cancellationToken).ConfigureAwait(false);
    }

    private byte[] ComputeAuthResponse(string plugin, byte[] nonce) => plugin switch
    {
        AuthPluginNames.NativePassword => NativePassword.ComputeToken(Options.Password, nonce),
        AuthPluginNames.CachingSha2Password => CachingSha2Password.ComputeToken(Options.Password, nonce),
        _ => throw new MySqlException(MySqlErrorCode.AuthPluginUnsupported, "HY000",
            $"The server at {Options.Endpoint} asked for authentication plugin '{plugin}', which is not supported "
            + "(supported: mysql_native_password, caching_sha2_password)."),
    };

    private async ValueTask<MySqlResult> ReadQueryResultAsync(CancellationToken cancellationToken)
    {
        var resultSets = new List<MySqlResultSet>();
        ulong affectedRows = 0;
        ulong lastInsertId = 0;
        var warnings = 0;
        string? info = null;
        while (true)
        {
            var payload = await _channel.ReadPayloadAsync(cancellationToken).ConfigureAwait(false);
            MySqlServerStatus status;
            if (payload.IsEmpty)
            {
                throw new MySqlProtocolException("Empty packet where a query response was expected.");
            }

            if (OkPacket.IsOk(payload.Span))
            {
                var ok = OkPacket.Parse(payload.Span, _capabilities);
                affectedRows += ok.AffectedRows;
                lastInsertId = ok.LastInsertId != 0 ? ok.LastInsertId : lastInsertId;
                warnings = ok.Warnings;
                info = ok.Info ?? info;
                status = ok.Status;
            }
            else if (ErrPacket.IsErr(payload.Span))
            {
                throw ServerError(ErrPacket.Parse(payload.Span));
            }
            else if (payload.Span[0] == PacketHeaders.LocalInfile)
            {
                // LOAD DATA LOCAL INFILE: never send local files; an empty packet declines and the server answers OK/ERR.
                await _channel.WritePayloadAsync([], cancellationToken).ConfigureAwait(false);
                continue;
            }
            else
            {
                var columnCount = new PacketReader(payload.Span).ReadLengthEncodedInteger();
                var (resultSet, endStatus) = await ReadResultSetAsync(columnCount, cancellationToken).ConfigureAwait(false);
                resultSets.Add(resultSet);
                warnings = resultSet.Warnings;
                status = endStatus;
            }

            if ((status & MySqlServerStatus.MoreResultsExist) == 0)
            {
                return new MySqlResult(resultSets, affectedRows, lastInsertId, warnings, info, status);
            }
        }
    }

    private async ValueTask<(MySqlResultSet ResultSet, MySqlServerStatus Status)> ReadResultSetAsync(
        ulong columnCount, CancellationToken cancellationToken)
    {
        // Zero is no result set (a truncated OK packet, say): waiting for its EOF would hang until the read timeout.
        if (columnCount is 0 or > 4096)
        {
            throw new MySqlProtocolException($"Result set announces {columnCount} columns; MySQL allows 1 to 4096.");
        }

        var columns = new MySqlColumn[(int)columnCount];
        for (var i = 0; i < columns.Length; i++)
        {
            var definition = await _channel.ReadPayloadAsync(cancellationToken).ConfigureAwait(false);
            columns[i] = ColumnDefinitionPacket.Parse(definition.Span);
        }

        if (!DeprecateEof)
        {
            var eof = await _channel.ReadPayloadAsync(cancellationToken).ConfigureAwait(false);
            if (!EofPacket.IsEof(eof.Span))
            {
                throw new MySqlProtocolException("Expected an EOF packet after the column definitions.");
            }
        }

        var resultSet = new MySqlResultSet(columns);
        while (true)
        {
            var payload = await _channel.ReadPayloadAsync(cancellationToken).ConfigureAwait(false);
            if (DeprecateEof ? OkPacket.IsResultSetTerminator(payload.Span) : EofPacket.IsEof(payload.Span))
            {
                ushort warnings;
                MySqlServerStatus status;
                if (DeprecateEof)
                {
                    var ok = OkPacket.Parse(payload.Span, _capabilities);
                    (warnings, status) = (ok.Warnings, ok.Status);
                }
                else
                {
                    var eof = EofPacket.Parse(payload.Span);
                    (warnings, status) = (eof.Warnings, eof.Status);
                }

                resultSet.Warnings = warnings;
                return (resultSet, status);
            }

            if (ErrPacket.IsErr(payload.Span))
            {
                // An error mid-stream (e.g. the query was killed) ends the response; the protocol stays in sync.
                throw ServerError(ErrPacket.Parse(payload.Span));
            }

            resultSet.AddRow(MySqlRow.Create(resultSet, payload.Span));
        }
    }

    private async ValueTask ReadOkAsync(CancellationToken cancellationToken)
    {
        var payload = await _channel.ReadPayloadAsync(cancellationToken).ConfigureAwait(false);
        if (ErrPacket.IsErr(payload.Span))
        {
            throw ServerError(ErrPacket.Parse(payload.Span));
        }

        if (!OkPacket.IsOk(payload.Span))
        {
            throw new MySqlProtocolException("Expected an OK packet.");
        }
    }

    /// <summary>
    /// Errors that mean the server is ending the session (killed, shutting down, idle timeout, packet over
    /// max_allowed_packet) break the connection;
    /// ordinary SQL errors leave it usable.
    /// </summary>
    private MySqlException ServerError(ErrPacket error)
    {
        if (error.ErrorCode is MySqlErrorCode.ConnectionKilled or MySqlErrorCode.PacketTooLarge
            or 1053 /* ER_SERVER_SHUTDOWN */ or 4031 /* ER_CLIENT_INTERACTION_TIMEOUT */)
        {
            return new MySqlConnectionException(MySqlErrorCode.ServerLost, SessionEndedMessage(error), error.ToException());
        }

        return error.ToException();
    }

    private async ValueTask<CommandScope> BeginCommandAsync(CancellationToken cancellationToken)
    {
        ThrowIfUnusable();
        if (Interlocked.CompareExchange(ref _busy, 1, 0) != 0)
        {
            throw new InvalidOperationException(
                "This MySqlConnection is already running a command; connections are not thread-safe, use a pool.");
        }

        try
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (IsReadableWhileIdle())
            {
                await ThrowClosedWhileIdleAsync(cancellationToken).ConfigureAwait(false);
            }

            _channel.ResetSequence();
            return new CommandScope(this, cancellationToken, Positive(Options.ReadTimeout));
        }
        catch
        {
            Volatile.Write(ref _busy, 0);
            throw;
        }
    }

    /// <summary>
    /// The socket became readable while idle: the server closed it, usually after sending a final ERR (KILL, shutdown).
    /// Read that ERR, if any, to say why.
    /// </summary>
    private async ValueTask ThrowClosedWhileIdleAsync(CancellationToken cancellationToken)
    {
        var reason = "the server closed the connection while it was idle";
        byte[] last = [];
        try
        {
            using var timeout = new CancellationTokenSource(QuitTimeout, _timeProvider);
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
            _channel.ResetSequence();
            last = (await _channel.ReadPayloadAsync(linked.Token).ConfigureAwait(false)).ToArray();
        }
        catch (PacketOutOfOrderException ex)
        {
            last = ex.Payload;
        }
        catch (Exception ex) when (ex is IOException or SocketException or OperationCanceledException or MySqlException)
        {
            // Nothing readable: a plain close.
        }

        // Whatever arrived, the connection is marked broken: a malformed packet must not leave it looking usable.
        if (ErrPacket.TryParse(last, out var error))
        {
            reason += $" ({error.ErrorCode} {error.SqlState}: {error.Message})";
        }

        MarkBroken(reason);
        throw new MySqlConnectionException(MySqlErrorCode.ServerGone,
            $"Connection {ConnectionId} to {Options.Endpoint} is no longer usable: {reason}.");
    }

    private void ThrowIfUnusable()
    {
        switch ((ConnectionState)Volatile.Read(ref _state))
        {
            case ConnectionState.Disposed:
                throw new ObjectDisposedException(nameof(MySqlConnection));
            case ConnectionState.Broken:
                throw new MySqlConnectionException(MySqlErrorCode.ServerGone,
                    $"Connection {ConnectionId} to {Options.Endpoint} is broken ({_brokenReason}); open a new one.");
        }
    }

    /// <summary>Marks the connection broken and closes the socket (so the server also sees the session end).</summary>
    private void MarkBroken(string reason)
    {
        if (Interlocked.CompareExchange(ref _state, (int)ConnectionState.Broken, (int)ConnectionState.Open)
            == (int)ConnectionState.Open)
        {
            _brokenReason = reason;
        }

        _channel.Dispose();
    }

    /// <summary>Turns a failure during a command into the exception the caller sees, breaking the connection.</summary>
    private Exception Fail(Exception ex, CommandScope command, string what)
    {
        if (ex is OperationCanceledException && command.CallerCancelled)
        {
            MarkBroken($"the {what} was cancelled");
            return ex;
        }

        if (ex is OperationCanceledException && command.TimedOut)
        {
            MarkBroken($"the {what} timed out");
            return new MySqlTimeoutException(
                $"The {what} on connection {ConnectionId} to {Options.Endpoint} did not complete within {Options.ReadTimeout}; "
                + "the connection was closed.", ex);
        }

        // TryParse, not Parse: an exception thrown here would skip MarkBroken and leave a desynchronised connection open.
        if (ex is PacketOutOfOrderException outOfOrder && ErrPacket.TryParse(outOfOrder.Payload, out var error))
        {
            MarkBroken($"server sent {error.ErrorCode}: {error.Message}");
            return new MySqlConnectionException(MySqlErrorCode.ServerLost, SessionEndedMessage(error), ex);
        }

        if (ex is MySqlConnectionException)
        {
            MarkBroken(ex.Message);
            return ex;
        }

        if (ex is IOException or SocketException or ObjectDisposedException or OperationCanceledException)
        {
            var detail = ex is EndOfStreamException ? "the server closed the connection" : ex.Message;
            MarkBroken(detail);
            return new MySqlConnectionException(MySqlErrorCode.ServerLost,
                $"Lost connection {ConnectionId} to MySQL server at {Options.Endpoint} during {what}: {detail}.", ex);
        }

        // Anything else (a bug, a parse failure) leaves the protocol position unknown.
        MarkBroken($"{ex.GetType().Name} during {what}: {ex.Message}");
        return ex;
    }

    private string SessionEndedMessage(ErrPacket error) =>
        $"The server at {Options.Endpoint} ended connection {ConnectionId}: {error.ErrorCode} ({error.SqlState}) {error.Message}";

    private void EndCommand()
    {
        Volatile.Write(ref _busy, 0);
    }

    /// <summary>Per-command cancellation: the caller's token plus the read timeout.</summary>
    private sealed class CommandScope : IDisposable
    {
        private readonly MySqlConnection _connection;
        private readonly CancellationToken _callerToken;
        private readonly CancellationTokenSource? _timeout;
        private readonly CancellationTokenSource? _linked;

        public CommandScope(MySqlConnection connection, CancellationToken callerToken, TimeSpan timeout)
        {
            _connection = connection;
            _callerToken = callerToken;
            if (timeout == Timeout.InfiniteTimeSpan)
            {
                Token = callerToken;
                return;
            }

            _timeout = new CancellationTokenSource(timeout, connection._timeProvider);
            _linked = CancellationTokenSource.CreateLinkedTokenSource(callerToken, _timeout.Token);
            Token = _linked.Token;
        }

        public CancellationToken Token { get; }

        public bool CallerCancelled => _callerToken.IsCancellationRequested;

        public bool TimedOut => _timeout?.IsCancellationRequested == true;

        public void Dispose()
        {
            _linked?.Dispose();
            _timeout?.Dispose();
            _connection.EndCommand();
        }
    }
}
