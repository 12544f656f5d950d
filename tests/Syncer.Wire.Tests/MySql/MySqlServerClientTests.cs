using System.Security.Cryptography;
using System.Text;
using Syncer.Wire.MySql;

namespace Syncer.Wire.Tests.MySql;

/// <summary>Our client against our server: both directions of the protocol in one process, over real sockets.</summary>
public sealed class MySqlServerClientTests : IAsyncLifetime
{
    private const string Password = "pw-数据";

    private readonly CancellationToken _ct = new CancellationTokenSource(TimeSpan.FromMinutes(2)).Token;
    private readonly TestCommandHandler _handler = new();
    private readonly InMemoryMySqlUserStore _users = new InMemoryMySqlUserStore().Set("app", Password).Set("empty", string.Empty);
    private readonly List<MySqlServer> _servers = [];

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var server in _servers)
        {
            await server.DisposeAsync();
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Result_sets_round_trip_with_nulls_unicode_and_types(bool deprecateEof)
    {
        var server = await StartAsync(new MySqlServerOptions { DeprecateEof = deprecateEof });
        await using var connection = await MySqlConnection.OpenAsync(Options(server), _ct);
        Assert.Equal(deprecateEof, connection.DeprecateEof);
        Assert.Equal("5.7.99", connection.ServerVersion);

        var table = await connection.QueryResultSetAsync("SELECT * FROM t", _ct);
        Assert.Equal(["id", "name", "note"], table.Columns.Select(c => c.Name));
        Assert.Equal(MySqlColumnType.LongLong, table.Columns[0].Type);
        Assert.Equal(MySqlColumnFlags.NotNull | MySqlColumnFlags.PrimaryKey | MySqlColumnFlags.Number, table.Columns[0].Flags);
        Assert.Equal(63, table.Columns[0].CharacterSet);
        Assert.Equal(33, table.Columns[1].CharacterSet);
        Assert.Equal(TestCommandHandler.TableRows, table.Rows.Select(r => Enumerable.Range(0, r.FieldCount).Select(i => r[i]).ToArray()));
        Assert.Equal(2L, table.Rows[1].GetValue("ID"));

        var typed = await connection.QueryResultSetAsync("SELECT TYPES", _ct);
        var row = typed.Rows[0];
        Assert.Equal(-5L, row.GetValue("i"));
        Assert.Equal(ulong.MaxValue, row.GetValue("u"));
        Assert.Equal(1.5, row.GetValue("d"));
        Assert.Equal(-12.34m, row.GetValue("m"));
        Assert.Equal(new DateTime(2024, 1, 2, 3, 4, 5), row.GetValue("dt"));
        Assert.Equal(new DateTime(2024, 1, 2), row.GetValue("day"));
        Assert.Equal(new TimeSpan(25, 0, 1), row.GetValue("t"));
        Assert.Equal("raw"u8.ToArray(), row.GetValue("bin"));
        Assert.Equal("文本", row.GetValue("txt"));
        Assert.True(row.GetBoolean("b"));
        Assert.All(Enumerable.Range(0, typed.Columns.Count), i => Assert.Null(typed.Rows[1].GetValue(i)));

        var multi = await connection.QueryAsync("MULTI", _ct);
        Assert.Equal(2, multi.ResultSets.Count);
        Assert.Equal(5UL, multi.AffectedRows);
        Assert.Equal(42UL, multi.LastInsertId);
        Assert.Equal("two", multi.ResultSets[1].Rows[0].GetString("b"));
        Assert.True(multi.ResultSets[1].Rows[1].IsNull(0));

        var insert = await connection.QueryAsync("INSERT", _ct);
        Assert.Equal((3UL, 7UL, 1, "Records: 3  Duplicates: 0  Warnings: 1"), (insert.AffectedRows, insert.LastInsertId, insert.Warnings, insert.Info));
        Assert.Empty(insert.ResultSets);
    }

    [Fact]
    public async Task Errors_from_replies_and_handler_exceptions_keep_the_session_usable()
    {
        var server = await StartAsync();
        await using var connection = await MySqlConnection.OpenAsync(Options(server), _ct);

        var parse = await Assert.ThrowsAsync<MySqlException>(async () => await connection.QueryAsync("BAD", _ct));
        Assert.Equal((1064, "42000"), (parse.ErrorCode, parse.SqlState));
        var thrown = await Assert.ThrowsAsync<MySqlException>(async () => await connection.QueryAsync("THROW", _ct));
        Assert.Equal((1105, "HY000", "handler failed"), (thrown.ErrorCode, thrown.SqlState, thrown.Message));
        var mysql = await Assert.ThrowsAsync<MySqlException>(async () => await connection.QueryAsync("THROW MYSQL", _ct));
        Assert.Equal((1146, "42S02"), (mysql.ErrorCode, mysql.SqlState));
        var midRows = await Assert.ThrowsAsync<MySqlException>(async () => await connection.QueryAsync("THROW IN ROWS", _ct));
        Assert.Equal("storage failed mid-scan", midRows.Message);

        Assert.False(connection.IsBroken);
        Assert.Equal(3, (await connection.QueryResultSetAsync("SELECT * FROM t", _ct)).Rows.Count);
    }

    [Fact]
    public async Task Result_set_without_columns_is_answered_with_an_error()
    {
        var server = await StartAsync();
        await using var connection = await MySqlConnection.OpenAsync(Options(server), _ct);

        var error = await Assert.ThrowsAsync<MySqlException>(async () => await connection.QueryAsync("NO COLUMNS", _ct));
        Assert.Equal(MySqlErrorCode.UnknownError, error.ErrorCode);
        Assert.False(connection.IsBroken);
        Assert.Equal(3, (await connection.QueryResultSetAsync("SELECT * FROM t", _ct)).Rows.Count);
    }

    [Fact]
    public async Task Login_checks_passwords_and_database_through_the_hook()
    {
        var server = await StartAsync();

        var denied = await Assert.ThrowsAsync<MySqlException>(async () => await MySqlConnection.OpenAsync(Options(server) with { Password = "nope" }, _ct));
        Assert.Equal((1045, "28000", "Access denied for user 'app'@'127.0.0.1' (using password: YES)"), (denied.ErrorCode, denied.SqlState, denied.Message));

        await using (var empty = await MySqlConnection.OpenAsync(Options(server) with { User = "empty", Password = string.Empty }, _ct))
        {
            await empty.PingAsync(_ct);
        }

        var unknownDb = await Assert.ThrowsAsync<MySqlException>(async () => await MySqlConnection.OpenAsync(Options(server) with { Database = "nope" }, _ct));
        Assert.Equal((1049, "Unknown database 'nope'"), (unknownDb.ErrorCode, unknownDb.Message));

        await using var connection = await MySqlConnection.OpenAsync(Options(server) with { Database = "db1" }, _ct);
        Assert.Equal("db1", await connection.ExecuteScalarAsync("SELECT DATABASE()", _ct));
        Assert.Equal(["nope", "db1"], _handler.InitDatabaseRequests);

        await connection.ChangeDatabaseAsync("数据库", _ct);
        Assert.Equal("数据库", await connection.ExecuteScalarAsync("SELECT DATABASE()", _ct));
        var refused = await Assert.ThrowsAsync<MySqlException>(async () => await connection.ChangeDatabaseAsync("other", _ct));
        Assert.Equal(1049, refused.ErrorCode);
        await connection.ExecuteAsync("USE db1", _ct);
        Assert.Equal("db1", await connection.ExecuteScalarAsync("SELECT DATABASE()", _ct));
    }

    [Fact]
    public async Task Client_announcing_another_plugin_is_switched_to_native_password()
    {
        var server = await StartAsync();
        var options = Options(server) with { AnnouncedAuthPlugin = "caching_sha2_password" };

        await using (var connection = await MySqlConnection.OpenAsync(options, _ct))
        {
            Assert.True(connection.AuthSwitched);
            Assert.Equal("mysql_native_password", connection.AuthPlugin);
            await connection.PingAsync(_ct);
            Assert.True(server.TryGetSession(connection.ConnectionId, out var session) && session.AuthSwitched);
        }

        var denied = await Assert.ThrowsAsync<MySqlException>(async () => await MySqlConnection.OpenAsync(options with { Password = "x" }, _ct));
        Assert.Equal(1045, denied.ErrorCode);
    }

    [Fact]
    public async Task Payloads_of_20_MiB_travel_both_ways()
    {
        var server = await StartAsync();
        await using var connection = await MySqlConnection.OpenAsync(Options(server), _ct);
        const string Unit = "数据-\\'x";
        var text = string.Concat(Enumerable.Repeat(Unit, (20 * 1024 * 1024 / Encoding.UTF8.GetByteCount(Unit)) + 1));
        var bytes = Encoding.UTF8.GetBytes(text);
        Assert.True(bytes.Length > 20 * 1024 * 1024);

        var row = (await connection.QueryResultSetAsync("ECHO " + text, _ct)).Rows.Single();

        Assert.Equal(bytes.Length, row.GetInt64("length"));
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(bytes)), row.GetString("sha256"));
        Assert.Equal(text, row.GetString("text"));

        // A value whose row payload is exactly 0xFFFFFF bytes (4-byte length prefix + value).
        var exact = (await connection.QueryResultSetAsync($"REPEAT {0xFF_FFFF - 4}", _ct)).Rows.Single();
        Assert.Equal(0xFF_FFFF - 4, exact.GetString(0).Length);
        Assert.Equal(1L, (await connection.QueryResultSetAsync("SELECT * FROM t", _ct)).Rows[0].GetInt64(0));
    }

    [Fact]
    public async Task Query_over_max_allowed_packet_is_refused_and_the_connection_closed()
    {
        var server = await StartAsync(new MySqlServerOptions { MaxAllowedPacket = 1024 * 1024 });
        await using var connection = await MySqlConnection.OpenAsync(Options(server), _ct);

        // Depending on timing the client reads the server's ERR 1153 or finds the socket reset while still sending.
        var error = await Assert.ThrowsAnyAsync<MySqlException>(async () => await connection.QueryAsync("ECHO " + new string('x', 2 * 1024 * 1024), _ct));
        if (error.InnerException is MySqlException inner && inner.ErrorCode == MySqlErrorCode.PacketTooLarge)
        {
            Assert.Equal("Got a packet bigger than 'max_allowed_packet' bytes", inner.Message);
        }

        Assert.IsAssignableFrom<MySqlConnectionException>(error);
        Assert.True(connection.IsBroken);
        Assert.DoesNotContain(_handler.Queries, q => q.StartsWith("ECHO", StringComparison.Ordinal));

        await using var small = await MySqlConnection.OpenAsync(Options(server), _ct);
        Assert.Equal(3, (await small.QueryResultSetAsync("SELECT * FROM t", _ct)).Rows.Count);
    }

    [Fact]
    public async Task Many_concurrent_connections_each_get_their_own_session()
    {
        var server = await StartAsync();
        const int Clients = 40;

        var ids = await Task.WhenAll(Enumerable.Range(0, Clients).Select(_ => Task.Run(async () =>
        {
            await using var connection = await MySqlConnection.OpenAsync(Options(server), _ct);
            for (var i = 0; i < 10; i++)
            {
                Assert.Equal(3, (await connection.QueryResultSetAsync("SELECT * FROM t", _ct)).Rows.Count);
            }

            Assert.Equal((ulong)connection.ConnectionId, (await connection.QueryResultSetAsync("SELECT CONNECTION_ID()", _ct)).Rows[0].GetValue(0));
            return connection.ConnectionId;
        }, _ct)));

        Assert.Equal(Clients, ids.Distinct().Count());
        await Eventually.UntilAsync(() => Task.FromResult(_handler.Closed.Count == Clients), TimeSpan.FromSeconds(10), "all sessions to close");
        Assert.Equal(ids.Order(), _handler.Opened.Order());
        await Eventually.UntilAsync(() => Task.FromResult(server.Sessions.Count == 0), TimeSpan.FromSeconds(10), "the server to forget the sessions");
    }

    [Fact]
    public async Task Pool_against_our_server_reuses_sessions()
    {
        var server = await StartAsync();
        await using var pool = new MySqlConnectionPool(Options(server) with { MaxOpenConnections = 4 });

        await Task.WhenAll(Enumerable.Range(0, 50).Select(_ => Task.Run(async () =>
            Assert.Equal(3, (await pool.QueryResultSetAsync("SELECT * FROM t", _ct)).Rows.Count), _ct)));

        Assert.InRange(_handler.Opened.Count, 1, 4);
        Assert.Equal(_handler.Opened.Count, pool.OpenCount);
    }

    [Fact]
    public async Task Pool_closes_connections_idle_longer_than_max_idle_time()
    {
        var server = await StartAsync();
        var clock = new ManualTimeProvider();
        await using var pool = new MySqlConnectionPool(Options(server) with { TimeProvider = clock, MaxIdleTime = TimeSpan.FromMinutes(1) });
        uint first;
        await using (var lease = await pool.RentAsync(_ct))
        {
            first = lease.Connection.ConnectionId;
        }

        clock.Advance(TimeSpan.FromSeconds(59));
        await using (var lease = await pool.RentAsync(_ct))
        {
            Assert.Equal(first, lease.Connection.ConnectionId);
        }

        clock.Advance(TimeSpan.FromSeconds(61));
        await using (var lease = await pool.RentAsync(_ct))
        {
            Assert.NotEqual(first, lease.Connection.ConnectionId);
        }

        Assert.Equal(1, pool.OpenCount);
        await Eventually.UntilAsync(() => Task.FromResult(_handler.Closed.Contains(first)), TimeSpan.FromSeconds(10), "the expired session to close");
    }

    [Fact]
    public async Task Pool_waits_for_a_free_slot_and_honours_cancellation()
    {
        var server = await StartAsync();
        await using var pool = new MySqlConnectionPool(Options(server) with { MaxOpenConnections = 1 });
        var held = await pool.RentAsync(_ct);

        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await pool.RentAsync(cancel.Token));

        var waiting = pool.RentAsync(_ct).AsTask();
        Assert.False(waiting.IsCompleted);
        var heldId = held.Connection.ConnectionId;
        await held.DisposeAsync();
        await using var next = await waiting;
        Assert.Equal(heldId, next.Connection.ConnectionId);
    }

    [Fact]
    public async Task Pool_dispose_closes_idle_connections_and_ones_returned_later()
    {
        var server = await StartAsync();
        var pool = new MySqlConnectionPool(Options(server));
        var idle = await pool.RentAsync(_ct);
        var rented = await pool.RentAsync(_ct);
        var idleId = idle.Connection.ConnectionId;
        await idle.DisposeAsync();

        await pool.DisposeAsync();
        await Eventually.UntilAsync(() => Task.FromResult(_handler.Closed.Contains(idleId)), TimeSpan.FromSeconds(10), "the idle session to close");
        await Assert.ThrowsAsync<ObjectDisposedException>(async () => await pool.RentAsync(_ct));

        await rented.DisposeAsync();
        Assert.True(rented.Connection.IsBroken);
        Assert.Equal(0, pool.OpenCount);
    }

    [Fact]
    public async Task Aborted_session_is_detected_by_the_client()
    {
        var server = await StartAsync();
        await using var connection = await MySqlConnection.OpenAsync(Options(server), _ct);
        Assert.True(server.TryGetSession(connection.ConnectionId, out var session));
        Assert.Equal("app", session.User);
        Assert.Equal("127.0.0.1", session.ClientHost);

        session.Abort();
        await Eventually.UntilAsync(() => Task.FromResult(server.Sessions.Count == 0), TimeSpan.FromSeconds(10), "the session to end");

        var error = await Assert.ThrowsAsync<MySqlConnectionException>(async () => await connection.QueryAsync("SELECT * FROM t", _ct));
        Assert.Contains("closed the connection", error.Message, StringComparison.Ordinal);
        Assert.True(connection.IsBroken);
    }

    [Fact]
    public async Task Read_timeout_against_a_slow_handler_breaks_only_that_connection()
    {
        var server = await StartAsync();
        await using var slow = await MySqlConnection.OpenAsync(Options(server) with { ReadTimeout = TimeSpan.FromMilliseconds(500) }, _ct);

        await Assert.ThrowsAsync<MySqlTimeoutException>(async () => await slow.QueryAsync("SLOW", _ct));
        Assert.True(slow.IsBroken);

        await using var other = await MySqlConnection.OpenAsync(Options(server), _ct);
        Assert.Equal(3, (await other.QueryResultSetAsync("SELECT * FROM t", _ct)).Rows.Count);
    }

    [Fact]
    public async Task Stop_closes_sessions_and_stops_accepting()
    {
        var server = await StartAsync();
        await using var connection = await MySqlConnection.OpenAsync(Options(server), _ct);
        var slow = connection.QueryAsync("SLOW", _ct).AsTask();
        await _handler.SlowQueryStarted.Task.WaitAsync(_ct);

        await server.StopAsync(_ct);

        await Assert.ThrowsAsync<MySqlConnectionException>(() => slow);
        Assert.True(connection.IsBroken);
        var refused = await Assert.ThrowsAsync<MySqlConnectionException>(async () => await MySqlConnection.OpenAsync(Options(server), _ct));
        Assert.Equal(MySqlErrorCode.CannotConnect, refused.ErrorCode);
    }

    [Fact]
    public async Task Unknown_command_gets_1047_and_the_session_continues()
    {
        var server = await StartAsync();
        await using var client = await ScriptedPeer.ConnectAsync(server.Port, _ct);
        var greeting = await client.ReceiveAsync(0, _ct);
        Assert.Equal(10, greeting[0]);
        var nonce = ScriptedPeer.NonceFromGreeting(greeting);
        await client.SendAsync(1, ScriptedPeer.HandshakeResponse("app", ScriptedPeer.NativeToken(Password, nonce)), _ct);
        Assert.Equal(0x00, (await client.ReceiveAsync(2, _ct))[0]);

        await client.SendAsync(0, [0x09], _ct); // COM_STATISTICS
        var error = await client.ReceiveAsync(1, _ct);
        Assert.Equal(ScriptedPeer.Err(1047, "08S01", "Unknown command"), error);

        await client.SendAsync(0, [0x0E], _ct); // COM_PING still works
        Assert.Equal(0x00, (await client.ReceiveAsync(1, _ct))[0]);
    }

    private static MySqlConnectionOptions Options(MySqlServer server) =>
        new() { Host = "127.0.0.1", Port = server.Port, User = "app", Password = Password };

    private async Task<MySqlServer> StartAsync(MySqlServerOptions? options = null)
    {
        var server = new MySqlServer(options ?? new MySqlServerOptions(), _users, _handler);
        _servers.Add(server);
        await server.StartAsync(_ct);
        Assert.NotEqual(0, server.Port);
        return server;
    }
}
