using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using MiniDoris.MySql.Protocol;

namespace MiniDoris.MySql;

/// <summary>The server side of one connection: greeting, login, then the command loop until COM_QUIT or disconnect.</summary>
internal sealed class MySqlServerConnection
{
    private const CapabilityFlags BaseCapabilities =
        CapabilityFlags.LongPassword | CapabilityFlags.FoundRows | CapabilityFlags.LongFlag | CapabilityFlags.ConnectWithDb
        | CapabilityFlags.Protocol41 | CapabilityFlags.Interactive | CapabilityFlags.IgnoreSigpipe
        | CapabilityFlags.Transactions | CapabilityFlags.SecureConnection | CapabilityFlags.MultiStatements
        | CapabilityFlags.MultiResults | CapabilityFlags.PluginAuth | CapabilityFlags.ConnectAttrs
        | CapabilityFlags.PluginAuthLengthEncodedClientData;

    // Rows are framed into memory and sent in chunks of about this size, so huge results stream.
    private const int FlushThreshold = 64 * 1024;

    private readonly Socket _socket;
    private readonly PacketChannel _channel;
    private readonly MySqlServerOptions _options;
    private readonly IMySqlUserStore _users;
    private readonly IMySqlCommandHandler _handler;
    private readonly CapabilityFlags _serverCapabilities;
    private CapabilityFlags _capabilities;

    public MySqlServerConnection(
        uint connectionId, Socket socket, MySqlServerOptions options, IMySqlUserStore users, IMySqlCommandHandler handler)
    {
        _socket = socket;
        _options = options;
        _users = users;
        _handler = handler;
        _channel = new PacketChannel(new NetworkStream(socket, ownsSocket: true), options.MaxAllowedPacket);
        _serverCapabilities = BaseCapabilities | (options.DeprecateEof ? CapabilityFlags.DeprecateEof : 0);
        Session = new MySqlSession(connectionId, (IPEndPoint)socket.RemoteEndPoint!, Abort);
    }

    public MySqlSession Session { get; }

    private bool DeprecateEof => (_capabilities & CapabilityFlags.DeprecateEof) != 0;

    /// <summary>Runs the connection to its end; never throws for network or client failures.</summary>
    public async Task RunAsync(CancellationToken stopping)
    {
        var loggedIn = false;
        try
        {
            using (var handshakeTimeout = new CancellationTokenSource(_options.HandshakeTimeout, _options.TimeProvider))
            using (var linked = CancellationTokenSource.CreateLinkedTokenSource(stopping, handshakeTimeout.Token))
            {
                loggedIn = await LoginAsync(linked.Token).ConfigureAwait(false);
            }

            if (!loggedIn)
            {
                return;
            }

            await _handler.OnSessionOpenedAsync(Session, stopping).ConfigureAwait(false);
            await CommandLoopAsync(stopping).ConfigureAwait(false);
        }
        catch (PayloadTooLargeException)
        {
            // As MySQL does: say why, then drop the connection (the rest of the oversized packet is never read).
            await TrySendErrorAsync(MySqlErrorCode.PacketTooLarge, "08S01", "Got a packet bigger than 'max_allowed_packet' bytes")
                .ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or SocketException or ObjectDisposedException
            or OperationCanceledException or MySqlProtocolException)
        {
            // The client went away, misbehaved, or the server is stopping: the session simply ends.
        }
        catch (Exception)
        {
            // OnSessionOpenedAsync failed: there is no command to answer with an error, so only this connection closes.
        }
        finally
        {
            _channel.Dispose();
            if (loggedIn)
            {
                try
                {
                    await _handler.OnSessionClosedAsync(Session).ConfigureAwait(false);
                }
                catch (Exception)
                {
                    // Nothing is left to report it to; the session is over either way.
                }
            }
        }
    }

    public void Abort()
    {
        try
        {
            // Shutdown wakes a pending receive at once; disposing alone may not on every platform.
            _socket.Shutdown(SocketShutdown.Both);
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
        {
            // Already closed.
        }

        _channel.Dispose();
    }

    private static byte[] NewNonce()
    {
        // Printable ASCII only: some clients treat the nonce as a C string, so it must not contain NUL.
        var nonce = new byte[AuthNonce.NonceLength];
        for (var i = 0; i < nonce.Length; i++)
        {
            nonce[i] = (byte)RandomNumberGenerator.GetInt32(0x21, 0x7F);
        }

        return nonce;
    }

    private async ValueTask<bool> LoginAsync(CancellationToken cancellationToken)
    {
        var nonce = NewNonce();
        var greeting = new HandshakeV10Packet(
            _options.ServerVersion,
            Session.ConnectionId,
            nonce,
            _serverCapabilities,
            _options.CharacterSet,
            MySqlServerStatus.AutoCommit,
            AuthPluginNames.NativePassword);
        _channel.ResetSequence();
        await SendAsync(greeting.Write, cancellationToken).ConfigureAwait(false);

        var payload = await _channel.ReadPayloadAsync(cancellationToken).ConfigureAwait(false);
        if (HandshakeResponse41Packet.IsSslRequest(payload.Span))
        {
            await SendErrorAsync(1043, "08S01", "Bad handshake: SSL is not supported by this server", cancellationToken)
                .ConfigureAwait(false);
            return false;
        }

        var response = HandshakeResponse41Packet.Parse(payload.Span);
        _capabilities = response.Capabilities & _serverCapabilities;
        var authResponse = response.AuthResponse;

        // Only mysql_native_password is verified; a client that started with another plugin is asked to switch.
        if ((_capabilities & CapabilityFlags.PluginAuth) != 0 && !string.IsNullOrEmpty(response.AuthPluginName)
            && response.AuthPluginName != AuthPluginNames.NativePassword)
        {
            await SendAsync(new AuthSwitchRequestPacket(AuthPluginNames.NativePassword, nonce).Write, cancellationToken)
                .ConfigureAwait(false);
            authResponse = (await _channel.ReadPayloadAsync(cancellationToken).ConfigureAwait(false)).ToArray();
            Session.AuthSwitched = true;
        }

        var credential = await _users.FindAsync(response.User, Session.ClientHost, cancellationToken).ConfigureAwait(false);
        if (credential is null || !NativePassword.Verify(authResponse, nonce, credential.DoubleHash))
        {
            // Same wording as MySQL, which does not reveal whether the user exists.
            var usingPassword = authResponse.Length > 0 ? "YES" : "NO";
            await SendErrorAsync(MySqlErrorCode.AccessDenied, "28000",
                $"Access denied for user '{response.User}'@'{Session.ClientHost}' (using password: {usingPassword})",
                cancellationToken).ConfigureAwait(false);
            return false;
        }

        Session.User = response.User;
        if ((_capabilities & CapabilityFlags.ConnectWithDb) != 0 && !string.IsNullOrEmpty(response.Database))
        {
            var reply = await InvokeHandlerAsync(
                () => _handler.InitDatabaseAsync(Session, response.Database, cancellationToken), cancellationToken)
                .ConfigureAwait(false);
            if (reply is not MySqlOkReply)
            {
                await WriteReplyAsync(reply as MySqlErrorReply ?? UnexpectedReply(reply), cancellationToken).ConfigureAwait(false);
                return false;
            }

            Session.Database = response.Database;
        }

        await SendAsync(new OkPacket(0, 0, MySqlServerStatus.AutoCommit, 0, null).Write, cancellationToken)
            .ConfigureAwait(false);
        return true;
    }

    private async ValueTask CommandLoopAsync(CancellationToken stopping)
    {
        while (true)
        {
            _channel.ResetSequence();
            var payload = await _channel.ReadPayloadAsync(stopping).ConfigureAwait(false);
            if (payload.IsEmpty)
            {
                throw new MySqlProtocolException("Empty command packet.");
            }

            var command = (CommandKind)payload.Span[0];
            switch (command)
            {
                case CommandKind.Quit:
                    return;

                case CommandKind.Ping:
                    await WriteReplyAsync(MySqlReply.Ok(), stopping).ConfigureAwait(false);
                    break;

                case CommandKind.Query:
                {
                    var sql = Encoding.UTF8.GetString(payload.Span[1..]);
                    var reply = await InvokeHandlerAsync(() => _handler.QueryAsync(Session, sql, stopping), stopping)
                        .ConfigureAwait(false);
                    await WriteReplyAsync(reply, stopping).ConfigureAwait(false);
                    break;
                }

                case CommandKind.InitDb:
                {
                    var database = Encoding.UTF8.GetString(payload.Span[1..]);
                    var reply = await InvokeHandlerAsync(() => _handler.InitDatabaseAsync(Session, database, stopping), stopping)
                        .ConfigureAwait(false);
                    if (reply is MySqlOkReply)
                    {
                        Session.Database = database;
                    }
                    else if (reply is not MySqlErrorReply)
                    {
                        // COM_INIT_DB is answered by OK or ERR only; anything else would desynchronise the client.
                        reply = UnexpectedReply(reply);
                    }

                    await WriteReplyAsync(reply, stopping).ConfigureAwait(false);
                    break;
                }

                default:
                    await SendErrorAsync(MySqlErrorCode.UnknownCommand, "08S01", "Unknown command", stopping)
                        .ConfigureAwait(false);
                    break;
            }
        }
    }

    /// <summary>Runs a handler call, turning its exceptions into ERR replies so one bad statement does not end the session.</summary>
    private static async ValueTask<MySqlReply> InvokeHandlerAsync(Func<ValueTask<MySqlReply>> call, CancellationToken stopping)
    {
        try
        {
            return await call().ConfigureAwait(false) ?? MySqlReply.Error(MySqlErrorCode.UnknownError, "HY000", "The handler returned no reply.");
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            throw;
        }
        catch (MySqlException ex)
        {
            return MySqlReply.Error(ex.ErrorCode, ex.SqlState, ex.Message);
        }
        catch (Exception ex)
        {
            return MySqlReply.Error(MySqlErrorCode.UnknownError, "HY000", ex.Message);
        }
    }

    private static MySqlErrorReply UnexpectedReply(MySqlReply reply) =>
        MySqlReply.Error(MySqlErrorCode.UnknownError, "HY000", $"The handler answered {reply.GetType().Name} where OK or an error was expected.");

    private async ValueTask WriteReplyAsync(MySqlReply reply, CancellationToken cancellationToken)
    {
        if (reply is MySqlMultiReply multi)
        {
            for (var i = 0; i < multi.Replies.Count; i++)
            {
                var last = i == multi.Replies.Count - 1;
                if (!await WriteSingleReplyAsync(multi.Replies[i], moreResults: !last, cancellationToken).ConfigureAwait(false))
                {
                    break;
                }
            }

            if (multi.Replies.Count == 0)
            {
                await WriteSingleReplyAsync(MySqlReply.Ok(), moreResults: false, cancellationToken).ConfigureAwait(false);
            }
        }
        else
        {
            await WriteSingleReplyAsync(reply, moreResults: false, cancellationToken).ConfigureAwait(false);
        }

        await _channel.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Frames one reply; returns false when it ended the response (an error), so nothing may follow.</summary>
    private async ValueTask<bool> WriteSingleReplyAsync(MySqlReply reply, bool moreResults, CancellationToken cancellationToken)
    {
        var status = MySqlServerStatus.AutoCommit | (moreResults ? MySqlServerStatus.MoreResultsExist : 0);
        switch (reply)
        {
            case MySqlOkReply ok:
                Frame(new OkPacket(ok.AffectedRows, ok.LastInsertId, status, ClampWarnings(ok.Warnings), ok.Info).Write);
                return true;

            case MySqlErrorReply error:
                FrameError(error);
                return false;

            case MySqlResultSetReply resultSet:
                return await WriteResultSetAsync(resultSet, status, cancellationToken).ConfigureAwait(false);

            default:
                FrameError(UnexpectedReply(reply));
                return false;
        }
    }

    private async ValueTask<bool> WriteResultSetAsync(MySqlResultSetReply resultSet, MySqlServerStatus status, CancellationToken cancellationToken)
    {
        var columns = resultSet.Columns;
        if (columns.Count == 0)
        {
            // A column count of 0 would read as a truncated OK packet and break the client's connection.
            FrameError(MySqlReply.Error(MySqlErrorCode.UnknownError, "HY000", "The handler returned a result set without columns."));
            return false;
        }

        var builder = _channel.BeginPayload();
        builder.WriteLengthEncodedInteger((ulong)columns.Count);
        _channel.WritePayload(builder.WrittenSpan);
        foreach (var column in columns)
        {
            builder = _channel.BeginPayload();
            ColumnDefinitionPacket.Write(builder, column);
            _channel.WritePayload(builder.WrittenSpan);
        }

        if (!DeprecateEof)
        {
            Frame(new EofPacket(0, status & ~MySqlServerStatus.MoreResultsExist).Write);
        }

        // The rows come from the handler's enumerator; if it fails half-way, an ERR ends the response (the protocol
        // allows ERR in place of a row) and the session stays usable.
        using var rows = resultSet.Rows.GetEnumerator();
        while (true)
        {
            try
            {
                if (!rows.MoveNext())
                {
                    break;
                }

                if (rows.Current.Count != columns.Count)
                {
                    throw new InvalidOperationException($"A row has {rows.Current.Count} values for {columns.Count} columns.");
                }

                builder = _channel.BeginPayload();
                TextRowPacket.Write(builder, rows.Current);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                FrameError(ex is MySqlException mysql
                    ? MySqlReply.Error(mysql.ErrorCode, mysql.SqlState, mysql.Message)
                    : MySqlReply.Error(MySqlErrorCode.UnknownError, "HY000", ex.Message));
                return false;
            }

            _channel.WritePayload(builder.WrittenSpan);
            if (_channel.BufferedOutputLength >= FlushThreshold)
            {
                await _channel.FlushAsync(cancellationToken).ConfigureAwait(false);
            }
        }

        var warnings = ClampWarnings(resultSet.Warnings);
        if (DeprecateEof)
        {
            Frame(new OkPacket(0, 0, status, warnings, null).WriteAsResultSetEnd);
        }
        else
        {
            Frame(new EofPacket(warnings, status).Write);
        }

        return true;
    }

    private static ushort ClampWarnings(int warnings) => (ushort)Math.Clamp(warnings, 0, ushort.MaxValue);

    private void FrameError(MySqlErrorReply error) =>
        Frame(new ErrPacket((ushort)Math.Clamp(error.ErrorCode, 0, ushort.MaxValue), error.SqlState, error.Message).Write);

    private void Frame(Action<System.Buffers.IBufferWriter<byte>> write)
    {
        var builder = _channel.BeginPayload();
        write(builder);
        _channel.WritePayload(builder.WrittenSpan);
    }

    private ValueTask SendAsync(Action<System.Buffers.IBufferWriter<byte>> write, CancellationToken cancellationToken)
    {
        Frame(write);
        return _channel.FlushAsync(cancellationToken);
    }

    private async ValueTask TrySendErrorAsync(int code, string sqlState, string message)
    {
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(1), _options.TimeProvider);
            await SendErrorAsync(code, sqlState, message, timeout.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or SocketException or ObjectDisposedException or OperationCanceledException)
        {
            // The client is gone already.
        }
    }

    private ValueTask SendErrorAsync(int code, string sqlState, string message, CancellationToken cancellationToken)
    {
        FrameError(MySqlReply.Error(code, sqlState, message));
        return _channel.FlushAsync(cancellationToken);
    }
}
