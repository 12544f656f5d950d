using System.Data;
using System.Security.Cryptography;
using System.Text;
using MiniDoris.MySql;
using MySqlConnector;
using MySqlException = MySqlConnector.MySqlException;

namespace MiniDoris.Tests.MySql;

/// <summary>
/// MySqlConnector (the syncer's driver, a second real client beside the mariadb CLI) against minidoris's MySQL server,
/// in one process over real sockets: login, result types, errors with codes, unicode, large payloads, session life.
/// </summary>
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
        await using var connection = await OpenAsync(Options(server));
        Assert.Equal("5.7.99", connection.ServerVersion);

        await using (var reader = await Command(connection, "SELECT * FROM t").ExecuteReaderAsync(_ct))
        {
            Assert.Equal(["id", "name", "note"], Enumerable.Range(0, reader.FieldCount).Select(reader.GetName));
            Assert.Equal(typeof(long), reader.GetFieldType(0));
            var rows = new List<string?[]>();
            while (await reader.ReadAsync(_ct))
            {
                rows.Add([reader.GetInt64(0).ToString(System.Globalization.CultureInfo.InvariantCulture),
                    reader.IsDBNull(1) ? null : reader.GetString(1), reader.GetString(2)]);
            }
            Assert.Equal(TestCommandHandler.TableRows, rows);
        }

        await using (var typed = await Command(connection, "SELECT TYPES").ExecuteReaderAsync(_ct))
        {
            Assert.True(await typed.ReadAsync(_ct));
            Assert.Equal(-5, typed.GetValue(typed.GetOrdinal("i")));
            Assert.Equal(ulong.MaxValue, typed.GetValue(typed.GetOrdinal("u")));
            Assert.Equal(1.5, typed.GetValue(typed.GetOrdinal("d")));
            Assert.Equal(-12.34m, typed.GetValue(typed.GetOrdinal("m")));
            Assert.Equal(new DateTime(2024, 1, 2, 3, 4, 5), typed.GetValue(typed.GetOrdinal("dt")));
            Assert.Equal(new DateTime(2024, 1, 2), typed.GetValue(typed.GetOrdinal("day")));
            Assert.Equal(new TimeSpan(25, 0, 1), typed.GetValue(typed.GetOrdinal("t")));
            Assert.Equal("raw"u8.ToArray(), typed.GetValue(typed.GetOrdinal("bin")));
            Assert.Equal("文本", typed.GetValue(typed.GetOrdinal("txt")));
            Assert.Equal(1, typed.GetInt32(typed.GetOrdinal("b")));
            Assert.True(await typed.ReadAsync(_ct));
            Assert.All(Enumerable.Range(0, typed.FieldCount), i => Assert.True(typed.IsDBNull(i)));
        }

        await using (var multi = await Command(connection, "MULTI").ExecuteReaderAsync(_ct))
        {
            Assert.True(await multi.ReadAsync(_ct));
            Assert.Equal(1, multi.GetInt32(0));
            Assert.True(await multi.NextResultAsync(_ct));
            Assert.True(await multi.ReadAsync(_ct));
            Assert.Equal("two", multi.GetString(0));
            Assert.True(await multi.ReadAsync(_ct));
            Assert.True(multi.IsDBNull(0));
            Assert.False(await multi.NextResultAsync(_ct));
            Assert.Equal(5, multi.RecordsAffected);
        }

        var insert = Command(connection, "INSERT");
        Assert.Equal(3, await insert.ExecuteNonQueryAsync(_ct));
        Assert.Equal(7, insert.LastInsertedId);
    }

    [Fact]
    public async Task Errors_from_replies_and_handler_exceptions_carry_codes_and_keep_the_session_usable()
    {
        var server = await StartAsync();
        await using var connection = await OpenAsync(Options(server));

        var parse = await Assert.ThrowsAsync<MySqlException>(() => Command(connection, "BAD").ExecuteNonQueryAsync(_ct));
        Assert.Equal((1064, "42000"), (parse.Number, parse.SqlState));
        var thrown = await Assert.ThrowsAsync<MySqlException>(() => Command(connection, "THROW").ExecuteNonQueryAsync(_ct));
        Assert.Equal((1105, "HY000", "handler failed"), (thrown.Number, thrown.SqlState, thrown.Message));
        var mysql = await Assert.ThrowsAsync<MySqlException>(() => Command(connection, "THROW MYSQL").ExecuteNonQueryAsync(_ct));
        Assert.Equal((1146, "42S02"), (mysql.Number, mysql.SqlState));
        var midRows = await Assert.ThrowsAsync<MySqlException>(() => Command(connection, "THROW IN ROWS").ExecuteNonQueryAsync(_ct));
        Assert.Equal("storage failed mid-scan", midRows.Message);
        var noColumns = await Assert.ThrowsAsync<MySqlException>(() => Command(connection, "NO COLUMNS").ExecuteNonQueryAsync(_ct));
        Assert.Equal(MiniDoris.MySql.MySqlErrorCode.UnknownError, noColumns.Number);

        Assert.Equal(ConnectionState.Open, connection.State);
        Assert.Equal(1L, await Command(connection, "SELECT * FROM t").ExecuteScalarAsync(_ct));
    }

    [Fact]
    public async Task Login_checks_passwords_and_database_through_the_hook()
    {
        var server = await StartAsync();

        var denied = await Assert.ThrowsAsync<MySqlException>(() => OpenAsync(Options(server, password: "nope")));
        Assert.Equal((1045, "28000", "Access denied for user 'app'@'127.0.0.1' (using password: YES)"), (denied.Number, denied.SqlState, denied.Message));

        await using (var empty = await OpenAsync(Options(server, user: "empty", password: string.Empty)))
        {
            Assert.True(await empty.PingAsync(_ct));
        }

        var unknownDb = await Assert.ThrowsAsync<MySqlException>(() => OpenAsync(Options(server, database: "nope")));
        Assert.Equal((1049, "Unknown database 'nope'"), (unknownDb.Number, unknownDb.Message));

        await using var connection = await OpenAsync(Options(server, database: "db1"));
        Assert.Equal("db1", await Command(connection, "SELECT DATABASE()").ExecuteScalarAsync(_ct));
        Assert.Equal(["nope", "db1"], _handler.InitDatabaseRequests);

        await connection.ChangeDatabaseAsync("数据库", _ct);
        Assert.Equal("数据库", await Command(connection, "SELECT DATABASE()").ExecuteScalarAsync(_ct));
        var refused = await Assert.ThrowsAsync<MySqlException>(() => connection.ChangeDatabaseAsync("other", _ct));
        Assert.Equal(1049, refused.Number);
    }

    [Fact]
    public async Task Payloads_of_20_MiB_travel_both_ways()
    {
        var server = await StartAsync();
        await using var connection = await OpenAsync(Options(server));
        const string Unit = "数据-\\'x";
        var text = string.Concat(Enumerable.Repeat(Unit, (20 * 1024 * 1024 / Encoding.UTF8.GetByteCount(Unit)) + 1));
        var bytes = Encoding.UTF8.GetBytes(text);
        Assert.True(bytes.Length > 20 * 1024 * 1024);

        await using (var reader = await Command(connection, "ECHO " + text).ExecuteReaderAsync(_ct))
        {
            Assert.True(await reader.ReadAsync(_ct));
            Assert.Equal(bytes.Length, reader.GetInt64(reader.GetOrdinal("length")));
            Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(bytes)), reader.GetString(reader.GetOrdinal("sha256")));
            Assert.Equal(text, reader.GetString(reader.GetOrdinal("text")));
        }

        // A value whose row payload is exactly 0xFFFFFF bytes (4-byte length prefix + value): followed by an empty packet.
        var exact = (string)(await Command(connection, $"REPEAT {0xFF_FFFF - 4}").ExecuteScalarAsync(_ct))!;
        Assert.Equal(0xFF_FFFF - 4, exact.Length);
        Assert.Equal(1L, await Command(connection, "SELECT * FROM t").ExecuteScalarAsync(_ct));
    }

    [Fact]
    public async Task Query_over_max_allowed_packet_is_refused_and_the_connection_closed()
    {
        var server = await StartAsync(new MySqlServerOptions { MaxAllowedPacket = 1024 * 1024 });
        await using var connection = await OpenAsync(Options(server));

        // Depending on timing the client reads the server's ERR 1153 or finds the socket reset while still sending.
        await Assert.ThrowsAnyAsync<Exception>(() => Command(connection, "ECHO " + new string('x', 2 * 1024 * 1024)).ExecuteNonQueryAsync(_ct));
        Assert.DoesNotContain(_handler.Queries, q => q.StartsWith("ECHO", StringComparison.Ordinal));

        await using var small = await OpenAsync(Options(server));
        Assert.Equal(1L, await Command(small, "SELECT * FROM t").ExecuteScalarAsync(_ct));
    }

    [Fact]
    public async Task Many_concurrent_connections_each_get_their_own_session()
    {
        var server = await StartAsync();
        const int Clients = 40;

        var ids = await Task.WhenAll(Enumerable.Range(0, Clients).Select(_ => Task.Run(async () =>
        {
            await using var connection = await OpenAsync(Options(server));
            for (var i = 0; i < 10; i++)
            {
                Assert.Equal(1L, await Command(connection, "SELECT * FROM t").ExecuteScalarAsync(_ct));
            }

            Assert.Equal((ulong)connection.ServerThread, await Command(connection, "SELECT CONNECTION_ID()").ExecuteScalarAsync(_ct));
            return (uint)connection.ServerThread;
        }, _ct)));

        Assert.Equal(Clients, ids.Distinct().Count());
        await UntilAsync(() => _handler.Closed.Count == Clients, "all sessions to close");
        Assert.Equal(ids.Order(), _handler.Opened.Order());
        await UntilAsync(() => server.Sessions.Count == 0, "the server to forget the sessions");
    }

    [Fact]
    public async Task Pooled_sessions_are_reused_without_reset_as_against_a_Doris_FE()
    {
        var server = await StartAsync();
        var options = Options(server);
        options.Pooling = true;
        options.MaximumPoolSize = 4;
        options.ConnectionReset = false;

        await Task.WhenAll(Enumerable.Range(0, 50).Select(_ => Task.Run(async () =>
        {
            await using var connection = await OpenAsync(options);
            Assert.Equal(1L, await Command(connection, "SELECT * FROM t").ExecuteScalarAsync(_ct));
        }, _ct)));

        Assert.InRange(_handler.Opened.Count, 1, 4);
        await using (var clear = new MySqlConnection(options.ConnectionString))
        {
            await MySqlConnection.ClearPoolAsync(clear);
        }
    }

    [Fact]
    public async Task Aborted_session_is_detected_by_the_client()
    {
        var server = await StartAsync();
        await using var connection = await OpenAsync(Options(server));
        Assert.True(server.TryGetSession((uint)connection.ServerThread, out var session));
        Assert.Equal("app", session.User);
        Assert.Equal("127.0.0.1", session.ClientHost);

        session.Abort();
        await UntilAsync(() => server.Sessions.Count == 0, "the session to end");

        await Assert.ThrowsAnyAsync<Exception>(() => Command(connection, "SELECT * FROM t").ExecuteScalarAsync(_ct));
        Assert.NotEqual(ConnectionState.Open, connection.State);
    }

    [Fact]
    public async Task Command_timeout_against_a_slow_handler_breaks_only_that_connection()
    {
        var server = await StartAsync();
        var options = Options(server);
        options.DefaultCommandTimeout = 1;
        options.CancellationTimeout = -1;
        await using var slow = await OpenAsync(options);

        var timeout = await Assert.ThrowsAsync<MySqlException>(() => Command(slow, "SLOW").ExecuteNonQueryAsync(_ct));
        Assert.Equal(MySqlConnector.MySqlErrorCode.CommandTimeoutExpired, timeout.ErrorCode);

        await using var other = await OpenAsync(Options(server));
        Assert.Equal(1L, await Command(other, "SELECT * FROM t").ExecuteScalarAsync(_ct));
    }

    [Fact]
    public async Task Stop_closes_sessions_and_stops_accepting()
    {
        var server = await StartAsync();
        await using var connection = await OpenAsync(Options(server));
        var slow = Command(connection, "SLOW").ExecuteNonQueryAsync(_ct);
        await _handler.SlowQueryStarted.Task.WaitAsync(_ct);

        await server.StopAsync(_ct);

        await Assert.ThrowsAnyAsync<Exception>(() => slow);
        var refused = await Assert.ThrowsAsync<MySqlException>(() => OpenAsync(Options(server)));
        Assert.Equal(MySqlConnector.MySqlErrorCode.UnableToConnectToHost, refused.ErrorCode);
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

        // COM_RESET_CONNECTION is refused as a Doris FE refuses it: why MySqlConnector runs with ConnectionReset=false there.
        await client.SendAsync(0, [0x1F], _ct);
        Assert.Equal(ScriptedPeer.Err(1047, "08S01", "Unknown command"), await client.ReceiveAsync(1, _ct));

        await client.SendAsync(0, [0x0E], _ct); // COM_PING still works
        Assert.Equal(0x00, (await client.ReceiveAsync(1, _ct))[0]);
    }

    private static MySqlConnectionStringBuilder Options(MySqlServer server, string user = "app", string password = Password, string? database = null) => new()
    {
        Server = "127.0.0.1",
        Port = (uint)server.Port,
        UserID = user,
        Password = password,
        Database = database ?? string.Empty,
        Pooling = false,
        SslMode = MySqlSslMode.None,
    };

    private async Task<MySqlConnection> OpenAsync(MySqlConnectionStringBuilder options)
    {
        var connection = new MySqlConnection(options.ConnectionString);
        try
        {
            await connection.OpenAsync(_ct);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    private static MySqlCommand Command(MySqlConnection connection, string sql) => new(sql, connection);

    private async Task UntilAsync(Func<bool> condition, string what)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"timed out waiting for {what}");
            await Task.Delay(20, _ct);
        }
    }

    private async Task<MySqlServer> StartAsync(MySqlServerOptions? options = null)
    {
        var server = new MySqlServer(options ?? new MySqlServerOptions(), _users, _handler);
        _servers.Add(server);
        await server.StartAsync(_ct);
        Assert.NotEqual(0, server.Port);
        return server;
    }
}
