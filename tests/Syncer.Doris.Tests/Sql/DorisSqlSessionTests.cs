using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;
using MiniDoris.MySql;
using Syncer.Doris.Sql;
using Syncer.TestSupport;

namespace Syncer.Doris.Tests.Sql;

/// <summary>
/// The promises of the SQL gateway's session (MySqlConnector underneath) against MySQL servers on 127.0.0.1: a
/// scripted one (minidoris's MySQL server with a handler of ours, to make an FE hang or drop a session) and a
/// real minidoris process (Doris's answers, codes and types).
/// </summary>
public sealed class DorisSqlSessionTests : IAsyncLifetime
{
    private static readonly TimeSpan Long = TimeSpan.FromSeconds(30);
    private readonly ScriptedFe _fe = new();
    private MySqlServer _server = null!;

    public async Task InitializeAsync()
    {
        _server = new MySqlServer(new MySqlServerOptions { Port = 0, ServerVersion = "5.7.99" }, new InMemoryMySqlUserStore().Set("root", "pw"), _fe);
        await _server.StartAsync(CancellationToken.None);
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Statements_go_as_sent_with_nothing_else_on_the_wire()
    {
        await using var session = await OpenScriptedAsync(Long);

        await session.ExecuteAsync("SET x = '?' -- @y", CancellationToken.None);
        var result = await session.QueryAsync("SELECT 1", CancellationToken.None);
        await session.ExecuteAsync("SET z = 1", CancellationToken.None);

        // No prepare, no reset: after the driver's SET NAMES at login (the FE greets with utf8, as Doris does), only our
        // text ('?' and '@' untouched; MySqlConnector ends a statement whose last line is a comment with a newline).
        Assert.Equal(["SET NAMES utf8mb4;", "SET x = '?' -- @y\n", "SELECT 1", "SET z = 1"], _fe.Queries);
        Assert.Equal(["1"], result.Columns);
        Assert.Equal("1", Assert.Single(result.Rows)[0]);
    }

    [Fact]
    public async Task A_refusal_carries_the_FE_code_and_message_and_the_session_stays_usable()
    {
        await using var session = await OpenScriptedAsync(Long);

        var refused = await Assert.ThrowsAsync<DorisSqlException>(() => session.ExecuteAsync("REFUSE", CancellationToken.None));

        Assert.Equal((1105, "errCode = 2, detailMessage = refused by the FE"), (refused.ErrorCode, refused.Message));
        Assert.Equal("1", (await session.QueryAsync("SELECT 1", CancellationToken.None)).Rows[0][0]);
    }

    [Fact]
    public async Task A_statement_without_answer_times_out_within_the_statement_timeout()
    {
        await using var session = await OpenScriptedAsync(TimeSpan.FromMilliseconds(700));
        var watch = Stopwatch.StartNew();

        await Assert.ThrowsAsync<TimeoutException>(() => session.QueryAsync("HANG", CancellationToken.None));

        Assert.InRange(watch.Elapsed, TimeSpan.FromMilliseconds(600), TimeSpan.FromSeconds(10));
        // The conversation is in an unknown state: the session refuses further use (ReconnectingSqlSession reopens).
        await Assert.ThrowsAsync<ObjectDisposedException>(() => session.QueryAsync("SELECT 1", CancellationToken.None));
    }

    [Fact]
    public async Task A_caller_cancellation_returns_at_once_and_gives_up_the_session()
    {
        await using var session = await OpenScriptedAsync(Long);
        using var cancel = new CancellationTokenSource();
        var hanging = session.QueryAsync("HANG", cancel.Token);
        await _fe.HangStarted.Task.WaitAsync(Long);

        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => hanging.WaitAsync(TimeSpan.FromSeconds(5)));
        // The abandoned conversation is never reused; the driver closes its socket by its command timeout at the latest.
        await Assert.ThrowsAsync<ObjectDisposedException>(() => session.QueryAsync("SELECT 1", CancellationToken.None));
    }

    [Fact]
    public async Task A_session_the_FE_dropped_fails_with_a_connection_error_not_a_refusal()
    {
        await using var session = await OpenScriptedAsync(Long);
        Assert.Equal("1", (await session.QueryAsync("SELECT 1", CancellationToken.None)).Rows[0][0]);
        Assert.Single(_server.Sessions).Abort();
        await WaitUntilAsync(() => _server.Sessions.Count == 0, Long);

        var error = await Assert.ThrowsAnyAsync<Exception>(() => session.QueryAsync("SELECT 1", CancellationToken.None));

        Assert.IsNotType<DorisSqlException>(error);
    }

    [Fact]
    public async Task A_wrong_password_is_a_login_error_naming_the_user()
    {
        var error = await Assert.ThrowsAnyAsync<Exception>(() =>
            DorisSqlSession.OpenAsync("127.0.0.1", _server.Port, "root", "nope", Long, Long, TimeProvider.System, CancellationToken.None));

        Assert.IsNotType<DorisSqlException>(error);
        Assert.Contains("Access denied for user 'root'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_closed_port_fails_fast_and_is_not_a_timeout()
    {
        int closed;
        using (var probe = new TcpListener(System.Net.IPAddress.Loopback, 0))
        {
            probe.Start();
            closed = ((System.Net.IPEndPoint)probe.LocalEndpoint).Port;
        }
        var watch = Stopwatch.StartNew();

        var error = await Assert.ThrowsAnyAsync<Exception>(() =>
            DorisSqlSession.OpenAsync("127.0.0.1", closed, "root", "", Long, Long, TimeProvider.System, CancellationToken.None));

        Assert.IsNotType<TimeoutException>(error);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(10), $"took {watch.Elapsed}");
    }

    [Fact]
    public async Task A_listener_that_never_accepts_ends_by_the_connect_timeout()
    {
        using var full = FullBacklogListener.Start();
        var watch = Stopwatch.StartNew();

        await Assert.ThrowsAsync<TimeoutException>(() =>
            DorisSqlSession.OpenAsync("127.0.0.1", full.Port, "root", "", TimeSpan.FromMilliseconds(800), Long, TimeProvider.System, CancellationToken.None));

        Assert.InRange(watch.Elapsed, TimeSpan.FromMilliseconds(700), TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task A_server_that_never_greets_ends_by_the_connect_timeout()
    {
        using var silent = new TcpListener(System.Net.IPAddress.Loopback, 0);
        silent.Start();
        var accepted = silent.AcceptSocketAsync();
        var watch = Stopwatch.StartNew();

        await Assert.ThrowsAsync<TimeoutException>(() => DorisSqlSession.OpenAsync("127.0.0.1", ((System.Net.IPEndPoint)silent.LocalEndpoint).Port,
            "root", "", TimeSpan.FromMilliseconds(800), Long, TimeProvider.System, CancellationToken.None));

        Assert.InRange(watch.Elapsed, TimeSpan.FromMilliseconds(700), TimeSpan.FromSeconds(10));
        (await accepted).Dispose();
    }

    [Fact]
    [Trait("Category", "EndToEnd")]
    public async Task Against_minidoris_values_read_back_as_the_FE_wrote_them()
    {
        await using var md = await MiniDorisProcess.StartAsync();
        await using var session = await DorisSqlSession.OpenAsync("127.0.0.1", md.QueryPort, "root", "", Long, Long, TimeProvider.System, CancellationToken.None);
        // Doris restricts database and table names; column aliases may hold anything, so they carry the quoting check.
        const string Db = "quoting_db";
        const string Alias = "a`b 数据";
        var table = $"{DorisSql.Identifier(Db)}.{DorisSql.Identifier("t")}";
        await session.ExecuteAsync($"CREATE DATABASE {DorisSql.Identifier(Db)}", CancellationToken.None);
        await session.ExecuteAsync(
            $"CREATE TABLE {table} (k INT, d DECIMAL(8, 3), s VARCHAR(64), dt DATETIME, day DATE, b BOOLEAN, f DOUBLE) DUPLICATE KEY(k) "
            + "DISTRIBUTED BY HASH(k) BUCKETS 1 PROPERTIES (\"replication_num\" = \"1\")", CancellationToken.None);
        await session.ExecuteAsync(
            $"INSERT INTO {table} VALUES (1, 1.5, {DorisSql.String("it's 😀 \\ 数据")}, '2024-01-02 03:04:05', '2024-01-02', true, 2.25), "
            + "(2, NULL, NULL, NULL, NULL, NULL, NULL)", CancellationToken.None);

        var rows = await session.QueryAsync($"SELECT k, d, s, dt, day, b, f AS {DorisSql.Identifier(Alias)} FROM {table} ORDER BY k", CancellationToken.None);

        Assert.Equal(["k", "d", "s", "dt", "day", "b", Alias], rows.Columns);
        Assert.Equal(["1", "1.500", "it's 😀 \\ 数据", "2024-01-02 03:04:05", "2024-01-02", "1", "2.25"], rows.Rows[0]);
        Assert.All(rows.Rows[1].Skip(1), Assert.Null);
        Assert.Contains(Db, (await session.QueryAsync("SHOW DATABASES", CancellationToken.None)).Column("Database"));

        var refused = await Assert.ThrowsAsync<DorisSqlException>(() => session.ExecuteAsync($"DROP TABLE {DorisSql.Identifier(Db)}.nope", CancellationToken.None));
        Assert.Equal(1109, refused.ErrorCode);
        Assert.Contains("nope", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    [Trait("Category", "EndToEnd")]
    public async Task Against_minidoris_a_large_result_arrives_whole()
    {
        await using var md = await MiniDorisProcess.StartAsync();
        await using var session = await DorisSqlSession.OpenAsync("127.0.0.1", md.QueryPort, "root", "", Long, Long, TimeProvider.System, CancellationToken.None);
        await session.ExecuteAsync("CREATE DATABASE big", CancellationToken.None);
        await session.ExecuteAsync("CREATE TABLE big.t (k INT, s VARCHAR(200)) DUPLICATE KEY(k) DISTRIBUTED BY HASH(k) BUCKETS 1 PROPERTIES (\"replication_num\" = \"1\")",
            CancellationToken.None);
        const int Rows = 20_000;
        var text = new string('数', 60);
        for (var start = 0; start < Rows; start += 2_000)
        {
            var values = Enumerable.Range(start, 2_000).Select(i => $"({i}, '{text}{i}')");
            await session.ExecuteAsync($"INSERT INTO big.t VALUES {string.Join(", ", values)}", CancellationToken.None);
        }

        var result = await session.QueryAsync("SELECT k, s FROM big.t ORDER BY k", CancellationToken.None);

        Assert.Equal(Rows, result.Rows.Count);
        Assert.Equal(Enumerable.Range(0, Rows).Select(i => i.ToString(CultureInfo.InvariantCulture)), result.Column("k"));
        Assert.Equal(text + "19999", result.Rows[^1][1]);
    }

    private Task<IDorisSqlSession> OpenScriptedAsync(TimeSpan statementTimeout) =>
        DorisSqlSession.OpenAsync("127.0.0.1", _server.Port, "root", "pw", Long, statementTimeout, TimeProvider.System, CancellationToken.None);

    private static async Task WaitUntilAsync(Func<bool> condition, TimeSpan timeout)
    {
        var watch = Stopwatch.StartNew();
        while (!condition())
        {
            Assert.True(watch.Elapsed < timeout, "condition not met in time");
            await Task.Delay(20);
        }
    }

    /// <summary>An FE that answers SELECT 1, refuses REFUSE as Doris refuses statements, and never answers HANG.</summary>
    private sealed class ScriptedFe : IMySqlCommandHandler
    {
        public ConcurrentQueue<string> Queries { get; } = new();

        public TaskCompletionSource HangStarted { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public async ValueTask<MySqlReply> QueryAsync(MySqlSession session, string sql, CancellationToken cancellationToken)
        {
            Queries.Enqueue(sql);
            switch (sql)
            {
                case "SELECT 1":
                    return MySqlReply.ResultSet([new MySqlColumn("1", MySqlColumnType.LongLong)], [["1"]]);
                case "REFUSE":
                    return MySqlReply.Error(1105, "HY000", "errCode = 2, detailMessage = refused by the FE");
                case "HANG":
                    HangStarted.TrySetResult();
                    await Task.Delay(Timeout.Infinite, cancellationToken);
                    return MySqlReply.Ok();
                default:
                    return MySqlReply.Ok();
            }
        }

        public ValueTask<MySqlReply> InitDatabaseAsync(MySqlSession session, string database, CancellationToken cancellationToken) =>
            ValueTask.FromResult<MySqlReply>(MySqlReply.Ok());
    }
}
