using System.Text;
using Microsoft.Extensions.Time.Testing;
using Syncer.TestSupport;
using Syncer.Wire.MySql;
using Xunit.Abstractions;

namespace Syncer.Wire.Tests.MySql;

/// <summary>Our MySQL client against a real MariaDB server.</summary>
[Collection(MariaDbCollection.Name)]
[Trait("Category", "EndToEnd")]
public sealed class MySqlClientMariaDbTests
{
    private readonly MariaDbServer _server;
    private readonly ITestOutputHelper _output;

    public MySqlClientMariaDbTests(MariaDbServer server, ITestOutputHelper output)
    {
        _server = server;
        _output = output;
    }

    // A per-test safety net so a protocol bug fails the test instead of hanging the run.
    private readonly CancellationToken _ct = new CancellationTokenSource(TimeSpan.FromMinutes(2)).Token;

    private CancellationToken Ct => _ct;

    private MySqlConnectionOptions Options => new()
    {
        Host = _server.Host,
        Port = _server.Port,
        User = MariaDbServer.User,
        Password = MariaDbServer.Password,
        Database = MariaDbServer.Database,
    };

    [Fact]
    public async Task Login_with_password_reports_server_and_connection_id()
    {
        await using var connection = await MySqlConnection.OpenAsync(Options, Ct);

        Assert.Contains("MariaDB", connection.ServerVersion, StringComparison.Ordinal);
        Assert.Equal("mysql_native_password", connection.AuthPlugin);
        Assert.False(connection.AuthSwitched);
        _output.WriteLine($"{connection.ServerVersion}, CLIENT_DEPRECATE_EOF: {connection.DeprecateEof}");
        var row = (await connection.QueryResultSetAsync("SELECT CONNECTION_ID() AS id, CURRENT_USER() AS who, DATABASE() AS db", Ct)).Rows.Single();
        Assert.Equal(connection.ConnectionId, row.GetUInt64("id"));
        Assert.Equal($"{MariaDbServer.User}@127.0.0.1", row.GetString("who"));
        Assert.Equal(MariaDbServer.Database, row.GetString("DB"));
    }

    [Fact]
    public async Task Login_with_wrong_password_throws_access_denied()
    {
        var error = await Assert.ThrowsAsync<MySqlException>(
            async () => await MySqlConnection.OpenAsync(Options with { Password = "wrong" }, Ct));

        Assert.Equal(1045, error.ErrorCode);
        Assert.Equal("28000", error.SqlState);
        Assert.Contains($"Access denied for user '{MariaDbServer.User}'@'127.0.0.1' (using password: YES)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Login_with_empty_password_sends_empty_auth_response()
    {
        // root has no password (install-db "normal" authentication); a non-empty scramble would be refused.
        await using var connection = await MySqlConnection.OpenAsync(
            Options with { User = MariaDbServer.RootUser, Password = string.Empty, Database = null }, Ct);
        Assert.Equal("root@127.0.0.1", await connection.ExecuteScalarAsync("SELECT CURRENT_USER()", Ct));

        var error = await Assert.ThrowsAsync<MySqlException>(
            async () => await MySqlConnection.OpenAsync(Options with { Password = string.Empty }, Ct));
        Assert.Equal(1045, error.ErrorCode);
        Assert.Contains("(using password: NO)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Login_to_unknown_database_throws_1049()
    {
        var error = await Assert.ThrowsAsync<MySqlException>(
            async () => await MySqlConnection.OpenAsync(Options with { Database = "no_such_db" }, Ct));
        Assert.Equal(1049, error.ErrorCode);
        Assert.Equal("42000", error.SqlState);
    }

    [Fact]
    public async Task Auth_switch_request_from_mariadb_is_answered_with_native_password()
    {
        // Announcing a plugin MariaDB's account does not use makes the server send an AuthSwitchRequest.
        var switching = Options with { AnnouncedAuthPlugin = "caching_sha2_password" };
        await using (var connection = await MySqlConnection.OpenAsync(switching, Ct))
        {
            Assert.True(connection.AuthSwitched);
            Assert.Equal("mysql_native_password", connection.AuthPlugin);
            Assert.Equal(1L, await connection.ExecuteScalarAsync("SELECT 1", Ct));
        }

        var error = await Assert.ThrowsAsync<MySqlException>(
            async () => await MySqlConnection.OpenAsync(switching with { Password = "wrong" }, Ct));
        Assert.Equal(1045, error.ErrorCode);
    }

    [Fact]
    public async Task Create_insert_select_round_trips_nulls_unicode_and_types()
    {
        await using var connection = await MySqlConnection.OpenAsync(Options, Ct);
        await connection.ExecuteAsync("DROP TABLE IF EXISTS typed", Ct);
        await connection.ExecuteAsync(
            """
            CREATE TABLE typed (
              id INT AUTO_INCREMENT PRIMARY KEY,
              big BIGINT UNSIGNED, small SMALLINT, flag TINYINT(1), amount DECIMAL(20,6), ratio DOUBLE,
              name VARCHAR(50), body TEXT, at DATETIME(6), day DATE, span TIME(3), yr YEAR, raw BLOB, bin VARBINARY(8)
            ) CHARACTER SET utf8mb4
            """, Ct);

        var insert = await connection.QueryAsync(
            "INSERT INTO typed (big, small, flag, amount, ratio, name, body, at, day, span, yr, raw, bin) VALUES "
            + "(18446744073709551615, -32768, 1, 12345678901234.123456, 2.5e-3, " + MySqlQuote.String("数据 😀 it's") + ", "
            + MySqlQuote.String("line1\nline2\t\"q\" \\") + ", '2024-02-29 23:59:58.123456', '1999-12-31', '-838:59:59.5', 2024, "
            + MySqlQuote.Bytes([0, 255, 1, 0x80]) + ", X'00FF'), "
            + "(NULL, NULL, 0, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL)", Ct);
        Assert.Equal(2UL, insert.AffectedRows);
        Assert.Equal(1UL, insert.LastInsertId);
        Assert.Contains("Records: 2", insert.Info, StringComparison.Ordinal);

        var set = await connection.QueryResultSetAsync("SELECT * FROM typed ORDER BY id", Ct);
        Assert.Equal(2, set.Rows.Count);
        Assert.Equal(14, set.Columns.Count);
        Assert.Equal(MySqlColumnType.LongLong, set.Columns[set.GetOrdinal("big")].Type);
        Assert.True(set.Columns[set.GetOrdinal("big")].IsUnsigned);
        Assert.Equal("typed", set.Columns[0].OriginalTable);
        Assert.Equal(MariaDbServer.Database, set.Columns[0].Schema);

        var row = set.Rows[0];
        Assert.Equal(1, row.GetInt32("id"));
        Assert.Equal(ulong.MaxValue, row.GetUInt64("big"));
        Assert.Equal(ulong.MaxValue, row.GetValue("big"));
        Assert.Equal(-32768L, row.GetValue("small"));
        Assert.True(row.GetBoolean("flag"));
        Assert.Equal(12345678901234.123456m, row.GetDecimal("amount"));
        Assert.Equal(12345678901234.123456m, row.GetValue("amount"));
        Assert.Equal(0.0025, row.GetDouble("ratio"));
        Assert.Equal("数据 😀 it's", row.GetString("NAME"));
        Assert.Equal("数据 😀 it's", row.GetValue("name"));
        Assert.Equal("line1\nline2\t\"q\" \\", row["body"]);
        Assert.Equal(new DateTime(2024, 2, 29, 23, 59, 58).AddTicks(1234560), row.GetDateTime("at"));
        Assert.Equal(new DateTime(1999, 12, 31), row.GetValue("day"));
        Assert.Equal(-(TimeSpan.FromHours(838) + TimeSpan.FromMinutes(59) + TimeSpan.FromSeconds(59.5)), row.GetValue("span"));
        Assert.Equal(2024L, row.GetValue("yr"));
        Assert.Equal(new byte[] { 0, 255, 1, 0x80 }, row.GetValue("raw"));
        Assert.Equal(new byte[] { 0, 255 }, row.GetBytes("bin"));

        var nulls = set.Rows[1];
        Assert.False(nulls.GetBoolean("flag"));
        foreach (var name in new[] { "big", "small", "amount", "ratio", "name", "body", "at", "day", "span", "yr", "raw", "bin" })
        {
            Assert.True(nulls.IsNull(name), name);
            Assert.Null(nulls[name]);
            Assert.Null(nulls.GetValue(name));
        }

        Assert.Throws<InvalidCastException>(() => nulls.GetInt64("big"));
        Assert.Throws<InvalidCastException>(() => nulls.GetString("name"));
        Assert.Throws<InvalidCastException>(() => row.GetInt64("name"));
    }

    [Fact]
    public async Task Server_error_carries_code_state_and_message_and_connection_stays_usable()
    {
        await using var connection = await MySqlConnection.OpenAsync(Options, Ct);

        var error = await Assert.ThrowsAsync<MySqlException>(async () => await connection.QueryAsync("SELECT * FROM missing_table", Ct));
        Assert.IsNotType<MySqlConnectionException>(error);
        Assert.Equal(1146, error.ErrorCode);
        Assert.Equal("42S02", error.SqlState);
        Assert.Equal($"Table '{MariaDbServer.Database}.missing_table' doesn't exist", error.Message);
        Assert.False(connection.IsBroken);

        var syntax = await Assert.ThrowsAsync<MySqlException>(async () => await connection.QueryAsync("SELEKT 1", Ct));
        Assert.Equal(1064, syntax.ErrorCode);
        Assert.Equal("42000", syntax.SqlState);

        Assert.Equal(2L, await connection.ExecuteScalarAsync("SELECT 2", Ct));
    }

    [Fact]
    public async Task Multiple_statements_return_every_result_set_and_an_error_later_in_the_batch_keeps_sync()
    {
        await using var connection = await MySqlConnection.OpenAsync(Options, Ct);
        await connection.ExecuteAsync("CREATE TABLE IF NOT EXISTS multi (v INT)", Ct);

        var result = await connection.QueryAsync(
            "SELECT 1 AS a; INSERT INTO multi VALUES (1), (2); SELECT 'x' AS b, NULL AS c; DELETE FROM multi", Ct);
        Assert.Equal(2, result.ResultSets.Count);
        Assert.Equal("a", result.ResultSets[0].Columns.Single().Name);
        Assert.Equal("x", result.ResultSets[1].Rows.Single().GetString("b"));
        Assert.True(result.ResultSets[1].Rows.Single().IsNull("c"));
        Assert.Equal(4UL, result.AffectedRows);

        var error = await Assert.ThrowsAsync<MySqlException>(async () => await connection.QueryAsync("SELECT 1; SELECT * FROM nope", Ct));
        Assert.Equal(1146, error.ErrorCode);
        Assert.Equal(3L, await connection.ExecuteScalarAsync("SELECT 3", Ct));

        // A procedure returns its result sets followed by a final OK.
        await connection.ExecuteAsync("DROP PROCEDURE IF EXISTS two_sets", Ct);
        await connection.ExecuteAsync("CREATE PROCEDURE two_sets() BEGIN SELECT 1 AS p; SELECT 2 AS q, 3 AS r; END", Ct);
        var call = await connection.QueryAsync("CALL two_sets()", Ct);
        Assert.Equal(2, call.ResultSets.Count);
        Assert.Equal(3L, call.ResultSets[1].Rows[0].GetValue("r"));
    }

    [Fact]
    public async Task Quoted_literals_and_identifiers_round_trip_through_mariadb()
    {
        await using var connection = await MySqlConnection.OpenAsync(Options, Ct);
        var everyAscii = new string(Enumerable.Range(0, 128).Select(i => (char)i).ToArray());
        var value = everyAscii + "数据😀 it's \\ \"x\"\n";

        Assert.Equal(value, await connection.ExecuteScalarAsync($"SELECT {MySqlQuote.String(value)}", Ct));

        var table = MySqlQuote.QualifiedIdentifier(MariaDbServer.Database, "we`ird 表");
        await connection.ExecuteAsync($"DROP TABLE IF EXISTS {table}", Ct);
        await connection.ExecuteAsync($"CREATE TABLE {table} ({MySqlQuote.Identifier("co`l")} TEXT) CHARACTER SET utf8mb4", Ct);
        await connection.ExecuteAsync($"INSERT INTO {table} VALUES ({MySqlQuote.String(value)}), ({MySqlQuote.String(null)})", Ct);
        var set = await connection.QueryResultSetAsync($"SELECT * FROM {table}", Ct);
        Assert.Equal("co`l", set.Columns.Single().Name);
        Assert.Equal("we`ird 表", set.Columns.Single().OriginalTable);
        Assert.Equal(value, set.Rows[0].GetString("co`l"));
        Assert.True(set.Rows[1].IsNull(0));
    }

    [Fact]
    public async Task Quoted_literal_cannot_end_early_under_no_backslash_escapes()
    {
        await using var connection = await MySqlConnection.OpenAsync(Options, Ct);
        await connection.ExecuteAsync("SET SESSION sql_mode = 'NO_BACKSLASH_ESCAPES'", Ct);
        var hostile = "x\\' OR '1'='1";

        var read = await connection.ExecuteScalarAsync($"SELECT {MySqlQuote.String(hostile)}", Ct);

        // Backslashes are read doubled in this mode, but the quote stays inside the literal.
        Assert.Equal(hostile.Replace("\\", "\\\\", StringComparison.Ordinal), read);
    }

    [Fact]
    public async Task Session_init_sql_runs_on_every_new_connection()
    {
        var options = Options with { SessionInitSql = "SET SESSION sql_mode = 'NO_BACKSLASH_ESCAPES,ANSI_QUOTES'" };
        await using var pool = new MySqlConnectionPool(options);

        await using var first = await pool.RentAsync(Ct);
        await using var second = await pool.RentAsync(Ct);

        Assert.NotEqual(first.Connection.ConnectionId, second.Connection.ConnectionId);
        foreach (var lease in new[] { first, second })
        {
            var mode = (string?)await lease.Connection.ExecuteScalarAsync("SELECT @@SESSION.sql_mode", Ct);
            Assert.Equal("ANSI_QUOTES,NO_BACKSLASH_ESCAPES", mode);
        }
    }

    [Fact]
    public async Task Values_of_20_MiB_travel_both_ways()
    {
        await using var connection = await MySqlConnection.OpenAsync(Options, Ct);
        await connection.ExecuteAsync("CREATE TABLE IF NOT EXISTS big (id INT PRIMARY KEY, body LONGTEXT) CHARACTER SET utf8mb4", Ct);
        await connection.ExecuteAsync("DELETE FROM big", Ct);

        // The INSERT itself is a 20 MiB COM_QUERY, so it leaves in two packets.
        var value = BuildText(20 * 1024 * 1024);
        Assert.Equal(1UL, await connection.ExecuteAsync($"INSERT INTO big VALUES (1, {MySqlQuote.String(value)})", Ct));

        var row = (await connection.QueryResultSetAsync("SELECT body, LENGTH(body) AS len, MD5(body) AS md5 FROM big WHERE id = 1", Ct)).Rows.Single();
        Assert.Equal(Encoding.UTF8.GetByteCount(value), row.GetInt64("len"));
        Assert.Equal(value, row.GetString("body"));
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.MD5.HashData(Encoding.UTF8.GetBytes(value))), row.GetString("md5"));

        var repeated = await connection.ExecuteScalarAsync("SELECT REPEAT('ab', 10 * 1024 * 1024)", Ct);
        Assert.Equal(20 * 1024 * 1024, ((string)repeated!).Length);
    }

    [Fact]
    public async Task Payloads_of_exactly_0xFFFFFF_bytes_are_followed_by_an_empty_packet()
    {
        await using var connection = await MySqlConnection.OpenAsync(Options, Ct);

        // Row payload = 4-byte length prefix + value: exactly one full packet, then an empty one.
        const int rowValue = 0xFF_FFFF - 4;
        var row = (await connection.QueryResultSetAsync($"SELECT REPEAT('z', {rowValue}) AS v", Ct)).Rows.Single();
        Assert.Equal(rowValue, row.GetBytes(0).Length);

        // COM_QUERY payload = command byte + SQL: pad the SQL so the payload is exactly 0xFFFFFF bytes.
        var prefix = "SELECT LENGTH('";
        var suffix = "') AS n";
        var padding = 0xFF_FFFF - 1 - prefix.Length - suffix.Length;
        var sql = prefix + new string('q', padding) + suffix;
        Assert.Equal((long)padding, await connection.ExecuteScalarAsync(sql, Ct));
    }

    [Fact]
    public async Task Ping_and_change_database()
    {
        await using var connection = await MySqlConnection.OpenAsync(Options with { Database = null }, Ct);
        await connection.PingAsync(Ct);
        Assert.Null(await connection.ExecuteScalarAsync("SELECT DATABASE()", Ct));

        await connection.ChangeDatabaseAsync(MariaDbServer.Database, Ct);
        Assert.Equal(MariaDbServer.Database, connection.Database);
        Assert.Equal(MariaDbServer.Database, await connection.ExecuteScalarAsync("SELECT DATABASE()", Ct));

        var error = await Assert.ThrowsAsync<MySqlException>(async () => await connection.ChangeDatabaseAsync("no_such_db", Ct));
        Assert.Equal(1049, error.ErrorCode);
        Assert.Equal(MariaDbServer.Database, connection.Database);
        await connection.PingAsync(Ct);
    }

    [Fact]
    public async Task Utf8mb3_system_columns_are_readable()
    {
        await using var connection = await MySqlConnection.OpenAsync(Options, Ct);

        // Without result conversion MariaDB labels system columns with their own charset, utf8mb3 (33).
        await connection.ExecuteAsync("SET character_set_results = NULL", Ct);
        var variables = await connection.QueryResultSetAsync("SHOW VARIABLES LIKE 'version%'", Ct);
        Assert.All(variables.Columns, c => Assert.Equal(33, c.CharacterSet));
        Assert.Contains(variables.Rows, r => r.GetString("Variable_name") == "version" && r.GetString("Value").Contains("MariaDB", StringComparison.Ordinal));

        var tables = await connection.QueryResultSetAsync(
            "SELECT TABLE_SCHEMA, TABLE_NAME, TABLE_TYPE FROM information_schema.TABLES WHERE TABLE_SCHEMA = 'mysql' AND TABLE_NAME = 'user'", Ct);
        Assert.Equal("VIEW", tables.Rows.Single().GetString("table_type"));
        Assert.Equal(33, tables.Columns[0].CharacterSet);

        // utf8mb3 data is still UTF-8 on the wire.
        await connection.ExecuteAsync("SET NAMES utf8mb3", Ct);
        var text = await connection.QueryResultSetAsync("SELECT _utf8mb3'数据' AS t", Ct);
        Assert.Equal(33, text.Columns[0].CharacterSet);
        Assert.Equal("数据", text.Rows[0].GetString(0));
    }

    [Fact]
    public async Task Read_timeout_breaks_the_connection_with_a_timeout_exception()
    {
        var clock = new FakeTimeProvider();
        await using var connection = await MySqlConnection.OpenAsync(Options with { ReadTimeout = TimeSpan.FromSeconds(1), TimeProvider = clock }, Ct);
        await using var observer = await MySqlConnection.OpenAsync(Options, Ct);

        var query = connection.QueryAsync("SELECT SLEEP(600)", Ct).AsTask();
        try
        {
            // The server is inside the query before the clock moves: the timeout, not the server, ends it.
            await WaitUntilSleepingAsync(observer, connection.ConnectionId);
            clock.Advance(TimeSpan.FromSeconds(1));

            var error = await Assert.ThrowsAsync<MySqlTimeoutException>(async () => await query.WaitAsync(Ct));
            Assert.Contains("did not complete within 00:00:01", error.Message, StringComparison.Ordinal);
            Assert.True(connection.IsBroken);
            var next = await Assert.ThrowsAsync<MySqlConnectionException>(async () => await connection.QueryAsync("SELECT 1", Ct));
            Assert.Equal(MySqlErrorCode.ServerGone, next.ErrorCode);
        }
        finally
        {
            await KillQuietlyAsync(observer, connection.ConnectionId);
        }
    }

    [Fact]
    public async Task Cancellation_breaks_the_connection_and_throws_operation_canceled()
    {
        await using var connection = await MySqlConnection.OpenAsync(Options, Ct);
        await using var observer = await MySqlConnection.OpenAsync(Options, Ct);
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(Ct);

        var query = connection.QueryAsync("SELECT SLEEP(600)", cancel.Token).AsTask();
        try
        {
            await WaitUntilSleepingAsync(observer, connection.ConnectionId);
            await cancel.CancelAsync();

            // The query would sleep for ten minutes: only the cancellation can end it within the test's safety net.
            await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await query.WaitAsync(Ct));
            Assert.False(Ct.IsCancellationRequested);
            Assert.True(connection.IsBroken);
            await Assert.ThrowsAsync<MySqlConnectionException>(async () => await connection.PingAsync(Ct));
        }
        finally
        {
            await KillQuietlyAsync(observer, connection.ConnectionId);
        }
    }

    [Fact]
    public async Task Concurrent_use_of_one_connection_is_refused()
    {
        await using var connection = await MySqlConnection.OpenAsync(Options, Ct);
        var first = connection.QueryAsync("SELECT SLEEP(0.5)", Ct);

        await Assert.ThrowsAsync<InvalidOperationException>(async () => await connection.QueryAsync("SELECT 1", Ct));

        await first;
        Assert.False(connection.IsBroken);
    }

    [Fact]
    public async Task Killed_idle_connection_is_detected_on_next_call()
    {
        await using var victim = await MySqlConnection.OpenAsync(Options, Ct);
        await using var killer = await MySqlConnection.OpenAsync(Options, Ct);

        await killer.ExecuteAsync($"KILL {victim.ConnectionId}", Ct);
        await WaitUntilGoneAsync(killer, victim.ConnectionId);

        var error = await Assert.ThrowsAsync<MySqlConnectionException>(async () => await victim.QueryAsync("SELECT 1", Ct));
        _output.WriteLine(error.Message);
        Assert.Contains($"onnection {victim.ConnectionId} to ", error.Message, StringComparison.Ordinal);
        Assert.Contains($"{_server.Host}:{_server.Port}", error.Message, StringComparison.Ordinal);
        Assert.True(victim.IsBroken);
        await Assert.ThrowsAsync<MySqlConnectionException>(async () => await victim.QueryAsync("SELECT 1", Ct));
    }

    [Fact]
    public async Task Connection_killed_during_a_query_throws_connection_exception()
    {
        await using var victim = await MySqlConnection.OpenAsync(Options, Ct);
        await using var killer = await MySqlConnection.OpenAsync(Options, Ct);

        var running = victim.QueryAsync("SELECT SLEEP(20)", Ct).AsTask();
        await Eventually.UntilAsync(
            async () => (long)(await killer.ExecuteScalarAsync(
                $"SELECT COUNT(*) FROM information_schema.PROCESSLIST WHERE ID = {victim.ConnectionId} AND INFO LIKE 'SELECT SLEEP%'", Ct))! == 1,
            TimeSpan.FromSeconds(10), "the query to start");
        await killer.ExecuteAsync($"KILL {victim.ConnectionId}", Ct);

        var error = await Assert.ThrowsAsync<MySqlConnectionException>(() => running);
        _output.WriteLine(error.Message);
        Assert.True(victim.IsBroken);
        Assert.Contains(victim.ConnectionId.ToString(System.Globalization.CultureInfo.InvariantCulture), error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Pool_reuses_a_returned_connection_and_replaces_a_killed_one()
    {
        await using var pool = new MySqlConnectionPool(Options);
        uint firstId;
        await using (var lease = await pool.RentAsync(Ct))
        {
            firstId = lease.Connection.ConnectionId;
        }

        Assert.Equal(1, pool.IdleCount);
        await using (var lease = await pool.RentAsync(Ct))
        {
            Assert.Equal(firstId, lease.Connection.ConnectionId);
            Assert.Equal((ulong)firstId, (await lease.Connection.QueryResultSetAsync("SELECT CONNECTION_ID()", Ct)).Rows[0].GetUInt64(0));
        }

        await using (var killer = await MySqlConnection.OpenAsync(Options, Ct))
        {
            await killer.ExecuteAsync($"KILL {firstId}", Ct);
            await WaitUntilGoneAsync(killer, firstId);
        }

        await using (var lease = await pool.RentAsync(Ct))
        {
            Assert.NotEqual(firstId, lease.Connection.ConnectionId);
            Assert.Equal(1L, await lease.Connection.ExecuteScalarAsync("SELECT 1", Ct));
        }

        Assert.Equal(1, pool.OpenCount);
    }

    [Fact]
    public async Task Pool_bounds_open_connections_under_concurrency()
    {
        await using var pool = new MySqlConnectionPool(Options with { MaxOpenConnections = 3, MaxIdleConnections = 3 });
        var ids = new System.Collections.Concurrent.ConcurrentBag<ulong>();
        var maxOpen = 0;

        await Task.WhenAll(Enumerable.Range(0, 24).Select(i => Task.Run(async () =>
        {
            await using var lease = await pool.RentAsync(Ct);
            InterlockedMax(ref maxOpen, pool.OpenCount);
            var row = (await lease.Connection.QueryResultSetAsync($"SELECT CONNECTION_ID(), SLEEP(0.02), {i}", Ct)).Rows[0];
            ids.Add(row.GetUInt64(0));
            Assert.Equal(i, row.GetInt32(2));
        }, Ct)));

        // Nothing was closed (idle limit = open limit), so the server saw at most three sessions.
        Assert.Equal(24, ids.Count);
        Assert.InRange(ids.Distinct().Count(), 1, 3);
        Assert.InRange(maxOpen, 1, 3);
        Assert.Equal(ids.Distinct().Count(), pool.IdleCount);
        Assert.Equal(pool.IdleCount, pool.OpenCount);
        Assert.Equal(2UL, (await pool.QueryResultSetAsync("SELECT 2", Ct)).Rows[0].GetUInt64(0));
    }

    [Fact]
    public async Task Pool_closes_connections_beyond_the_idle_limit()
    {
        await using var pool = new MySqlConnectionPool(Options with { MaxIdleConnections = 1 });
        var first = await pool.RentAsync(Ct);
        var second = await pool.RentAsync(Ct);
        Assert.Equal(2, pool.OpenCount);
        var secondId = second.Connection.ConnectionId;

        await first.DisposeAsync();
        await second.DisposeAsync();
        await second.DisposeAsync();

        Assert.Equal(1, pool.IdleCount);
        Assert.Equal(1, pool.OpenCount);
        Assert.True(second.Connection.IsBroken, "the connection over the idle limit is closed");
        await using var killer = await MySqlConnection.OpenAsync(Options, Ct);
        await WaitUntilGoneAsync(killer, secondId);
    }

    [Fact]
    public async Task Pool_pings_old_idle_connections_and_restores_the_database()
    {
        await using var pool = new MySqlConnectionPool(Options with { PingAfterIdle = TimeSpan.Zero });
        await using (var lease = await pool.RentAsync(Ct))
        {
            await lease.Connection.ChangeDatabaseAsync("mysql", Ct);
        }

        await using (var lease = await pool.RentAsync(Ct))
        {
            Assert.Equal(MariaDbServer.Database, await lease.Connection.ExecuteScalarAsync("SELECT DATABASE()", Ct));
        }
    }

    [Fact]
    public async Task Connect_to_a_closed_port_fails_fast_naming_the_endpoint()
    {
        var port = FreePort.Get();
        // The connect timeout runs on a clock that never moves: only the refusal can end the attempt,
        // so "fails fast" needs no wall-clock bound.
        var clock = new FakeTimeProvider();

        var error = await Assert.ThrowsAsync<MySqlConnectionException>(
            async () => await MySqlConnection.OpenAsync(Options with { Port = port, TimeProvider = clock }, Ct));

        Assert.IsNotType<MySqlTimeoutException>(error);
        Assert.Equal(MySqlErrorCode.CannotConnect, error.ErrorCode);
        Assert.Contains($"127.0.0.1:{port}", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Connect_to_a_listener_with_a_full_backlog_ends_by_the_connect_timeout()
    {
        // Loopback only: a listener that never accepts, its backlog filled, makes the kernel drop further
        // SYNs, so the connect neither succeeds nor is refused until the client's timeout ends it.
        using var listener = FullBacklogListener.Start();
        var clock = new FakeTimeProvider();
        var options = Options with { Port = listener.Port, ConnectTimeout = TimeSpan.FromSeconds(10), TimeProvider = clock };

        // OpenAsync arms the timeout before its first await, so the timer exists when the task is returned.
        var open = MySqlConnection.OpenAsync(options, Ct).AsTask();
        clock.Advance(TimeSpan.FromSeconds(9));
        Assert.False(open.IsCompleted, "a dropped SYN is neither accepted nor refused");
        clock.Advance(TimeSpan.FromSeconds(1));

        var error = await Assert.ThrowsAsync<MySqlTimeoutException>(async () => await open.WaitAsync(Ct));
        Assert.Contains($"Cannot connect to MySQL server at 127.0.0.1:{listener.Port}: no connection within 00:00:10", error.Message, StringComparison.Ordinal);
        Assert.IsAssignableFrom<OperationCanceledException>(error.InnerException);
    }

    [Fact]
    public async Task Connect_to_a_silent_server_times_out_during_the_handshake()
    {
        // Accepts TCP but never greets: only the connect timeout can end the wait.
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        var clock = new FakeTimeProvider();

        var open = MySqlConnection.OpenAsync(Options with { Port = port, ConnectTimeout = TimeSpan.FromSeconds(1), TimeProvider = clock }, Ct).AsTask();
        // The server has accepted the connection before the clock moves, so no refusal can end the attempt: only the
        // timeout can. (The client may not have resumed after its connect yet, so either phase may name the timeout.)
        using var accepted = await listener.AcceptTcpClientAsync(Ct);
        Assert.False(open.IsCompleted, "nothing but the timeout can end a login the server never answers");
        clock.Advance(TimeSpan.FromSeconds(1));

        var error = await Assert.ThrowsAsync<MySqlTimeoutException>(async () => await open.WaitAsync(Ct));
        Assert.Matches(
            $@"^(Login to MySQL server at 127\.0\.0\.1:{port} did not complete within 00:00:01|Cannot connect to MySQL server at 127\.0\.0\.1:{port}: no connection within 00:00:01)\.$",
            error.Message);
    }

    private static string BuildText(int bytes)
    {
        // Mixed ASCII, quotes, backslashes and multi-byte characters, so escaping and UTF-8 splitting across packets both matter.
        const string Unit = "abc'\"\\数据😀\n\0xyz";
        var repeat = (bytes / Encoding.UTF8.GetByteCount(Unit)) + 1;
        return new StringBuilder(repeat * Unit.Length).Insert(0, Unit, repeat).ToString();
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int current;
        while ((current = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, current) != current)
        {
        }
    }

    private Task WaitUntilSleepingAsync(MySqlConnection observer, uint connectionId) =>
        Eventually.UntilAsync(
            async () => (long)(await observer.ExecuteScalarAsync(
                $"SELECT COUNT(*) FROM information_schema.PROCESSLIST WHERE ID = {connectionId} AND INFO LIKE 'SELECT SLEEP%'", Ct))! == 1,
            TimeSpan.FromSeconds(30), $"connection {connectionId} to be inside its query");

    private async Task KillQuietlyAsync(MySqlConnection observer, uint connectionId)
    {
        // The server does not notice a closed client while it sleeps: end the query so it does not outlive the test.
        try
        {
            await observer.ExecuteAsync($"KILL {connectionId}", Ct);
        }
        catch (MySqlException e) when (e.ErrorCode == 1094)
        {
            // Unknown thread id: already gone.
        }
    }

    private Task WaitUntilGoneAsync(MySqlConnection observer, uint connectionId) =>
        Eventually.UntilAsync(
            async () => (long)(await observer.ExecuteScalarAsync(
                $"SELECT COUNT(*) FROM information_schema.PROCESSLIST WHERE ID = {connectionId}", Ct))! == 0,
            TimeSpan.FromSeconds(10), $"connection {connectionId} to disappear");
}
