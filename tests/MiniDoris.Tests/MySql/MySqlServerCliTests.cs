using Syncer.TestSupport;
using MiniDoris.MySql;

namespace MiniDoris.Tests.MySql;

/// <summary>Our MySqlServer against the real `mariadb` command-line client.</summary>
[Trait("Category", "EndToEnd")]
public sealed class MySqlServerCliTests : IAsyncLifetime
{
    private const string RootPassword = "r00t-pw";

    private readonly TestCommandHandler _handler = new();
    private readonly InMemoryMySqlUserStore _users = new InMemoryMySqlUserStore()
        .Set("root", RootPassword)
        .Set("nopass", string.Empty)
        .Set("hashed", MySqlUserCredential.FromMySqlHash("*2470C0C06DEE42FD1618BB99005ADCA2EC9D1E19"));

    private MySqlServer? _server;

    private MySqlServer Server => _server!;

    public async Task InitializeAsync()
    {
        _server = new MySqlServer(new MySqlServerOptions(), _users, _handler);
        await _server.StartAsync(CancellationToken.None);
    }

    public async Task DisposeAsync()
    {
        await Server.DisposeAsync();
    }

    [Fact]
    public async Task Cli_prints_a_result_set_with_header_null_and_unicode()
    {
        var result = await RunCliAsync("root", RootPassword, "-e", "SELECT * FROM t");

        Assert.True(result.Succeeded, result.ToString());
        Assert.False(_handler.OpenedSessions.Single().AuthSwitched);
        Assert.Equal("id\tname\tnote\n1\t数据\tx\n2\tNULL\t😀 emoji\n3\ttab\\there\t\n", result.StandardOutput);
        Assert.Contains("SELECT * FROM t", _handler.Queries);
    }

    [Fact]
    public async Task Cli_prints_the_error_reply_and_exits_non_zero()
    {
        var result = await RunCliAsync("root", RootPassword, "-e", "BAD");

        Assert.Equal(1, result.ExitCode);
        Assert.EndsWith(
            "\nERROR 1064 (42000) at line 1: You have an error in your SQL syntax; check the manual near 'BAD' at line 1\n",
            result.StandardError, StringComparison.Ordinal);
        Assert.Empty(result.StandardOutput);
    }

    [Fact]
    public async Task Cli_sees_handler_exceptions_as_errors_and_the_session_continues()
    {
        var result = await RunCliWithInputAsync("root", RootPassword, "THROW;\nTHROW MYSQL;\nTHROW IN ROWS;\nSELECT DATABASE();\n", "--force");

        Assert.Contains("ERROR 1105 (HY000) at line 1: handler failed", result.StandardError, StringComparison.Ordinal);
        Assert.Contains("ERROR 1146 (42S02) at line 2: Table 'db1.nope' doesn't exist", result.StandardError, StringComparison.Ordinal);
        Assert.Contains("ERROR 1105 (HY000) at line 3: storage failed mid-scan", result.StandardError, StringComparison.Ordinal);
        Assert.Equal("DATABASE()\nNULL\n", result.StandardOutput);
    }

    [Fact]
    public async Task Cli_login_with_wrong_password_is_denied_like_mysql()
    {
        var result = await RunCliAsync("root", "wrong", "-e", "SELECT * FROM t");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("ERROR 1045 (28000): Access denied for user 'root'@'127.0.0.1' (using password: YES)", result.StandardError, StringComparison.Ordinal);
        Assert.Empty(_handler.Queries);
        Assert.Empty(_handler.Opened);
    }

    [Theory]
    [InlineData("mysql_clear_password")]
    [InlineData("client_ed25519")]
    [InlineData("caching_sha2_password")]
    public async Task Cli_starting_with_another_auth_plugin_is_switched_to_native_password(string plugin)
    {
        var result = await RunCliAsync("root", RootPassword, $"--default-auth={plugin}", "-e", "SELECT DATABASE()");

        Assert.True(result.Succeeded, result.ToString());
        Assert.Equal("DATABASE()\nNULL\n", result.StandardOutput);
        Assert.True(_handler.OpenedSessions.Single().AuthSwitched);

        var denied = await RunCliAsync("root", "wrong", $"--default-auth={plugin}", "-e", "SELECT 1");
        Assert.Contains("ERROR 1045 (28000): Access denied for user 'root'@'127.0.0.1' (using password: YES)", denied.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cli_login_without_password_to_an_account_that_has_one_is_denied()
    {
        var result = await RunCliAsync("root", null, "-e", "SELECT 1");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("ERROR 1045 (28000): Access denied for user 'root'@'127.0.0.1' (using password: NO)", result.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cli_logs_in_to_accounts_with_empty_and_stored_hash_passwords()
    {
        var empty = await RunCliAsync("nopass", null, "-e", "SELECT DATABASE()");
        Assert.True(empty.Succeeded, empty.ToString());

        // "*2470C0..." is what MySQL's PASSWORD('password') stores.
        var hashed = await RunCliAsync("hashed", "password", "-e", "SELECT DATABASE()");
        Assert.True(hashed.Succeeded, hashed.ToString());

        var unknown = await RunCliAsync("ghost", "x", "-e", "SELECT 1");
        Assert.Contains("ERROR 1045 (28000): Access denied for user 'ghost'@'127.0.0.1' (using password: YES)", unknown.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cli_database_option_goes_through_the_init_db_hook()
    {
        var accepted = await RunCliAsync("root", RootPassword, "-D", "数据库", "-e", "SELECT DATABASE()");
        Assert.True(accepted.Succeeded, accepted.ToString());
        Assert.Equal("DATABASE()\n数据库\n", accepted.StandardOutput);
        Assert.Contains("数据库", _handler.InitDatabaseRequests);

        var refused = await RunCliAsync("root", RootPassword, "-D", "nope", "-e", "SELECT DATABASE()");
        Assert.Equal(1, refused.ExitCode);
        Assert.Contains("ERROR 1049 (42000): Unknown database 'nope'", refused.StandardError, StringComparison.Ordinal);
        Assert.Contains("nope", _handler.InitDatabaseRequests);
    }

    [Fact]
    public async Task Cli_use_commands_send_init_db_through_the_hook()
    {
        // The client intercepts `use db` (in any spelling) and sends COM_INIT_DB.
        var result = await RunCliWithInputAsync(
            "root", RootPassword, "use db1\nSELECT DATABASE();\nuse nope\nSELECT DATABASE();\nUSE `数据库`;\nSELECT DATABASE();\n", "--force");

        Assert.Equal("DATABASE()\ndb1\nDATABASE()\ndb1\nDATABASE()\n数据库\n", result.StandardOutput);
        Assert.Contains("ERROR 1049 (42000) at line 3: Unknown database 'nope'", result.StandardError, StringComparison.Ordinal);
        Assert.Equal(["db1", "nope", "数据库"], _handler.InitDatabaseRequests);
    }

    [Fact]
    public async Task Cli_interactive_startup_queries_and_multiple_results_go_through_the_handler()
    {
        // Interactive mode needs a terminal: `script` gives the client a pseudo-tty and forwards our input to it.
        var script = ExecutableFinder.TryFind("script");
        Assert.NotNull(script);
        var client = ExecutableFinder.Find("mariadb-client", "mariadb", "mysql");
        var commandLine = string.Join(' ', new[] { client }.Concat(ConnectionArguments("root", RootPassword)).Select(a => $"'{a}'"));

        var result = await ProcessRunner.RunAsync(
            script, ["-q", "-e", "-c", commandLine, "/dev/null"], TimeSpan.FromSeconds(30), standardInput: "MULTI;\nquit\n");

        Assert.True(result.Succeeded, result.ToString());
        Assert.Equal("select @@version_comment limit 1", _handler.Queries.First());
        Assert.Contains("Server version: 5.7.99 syncer test server", result.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("| two  |", result.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("| NULL |", result.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("MULTI", _handler.Queries);
    }

    [Fact]
    public async Task Admin_tool_status_command_gets_unknown_command()
    {
        // `mariadb-admin` sends COM_STATISTICS for "status", which the server does not implement.
        var admin = ExecutableFinder.TryFind("mariadb-admin", "mysqladmin");
        Assert.NotNull(admin);
        var result = await ProcessRunner.RunAsync(
            admin,
            ["--no-defaults", "--protocol=TCP", "-h", "127.0.0.1", "-P", Server.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
                "-u", "root", $"--password={RootPassword}", "--skip-ssl", "status"],
            TimeSpan.FromSeconds(30));

        // libmariadb reports the server's message for the failed COM_STATISTICS.
        Assert.Equal("Unknown command\n", result.StandardOutput);
    }

    private Task<ProcessResult> RunCliAsync(string user, string? password, params string[] arguments) =>
        RunCliWithInputAsync(user, password, null, arguments);

    /// <summary>Runs the client in batch mode; statements fed on stdin (unlike -e) honour --force.</summary>
    private Task<ProcessResult> RunCliWithInputAsync(string user, string? password, string? input, params string[] arguments) =>
        ProcessRunner.RunAsync(
            ExecutableFinder.Find("mariadb-client", "mariadb", "mysql"),
            [.. ConnectionArguments(user, password), "--batch", .. arguments],
            TimeSpan.FromSeconds(30),
            standardInput: input);

    private string[] ConnectionArguments(string user, string? password) =>
    [
        "--no-defaults", "--protocol=TCP", "-h", "127.0.0.1",
        "-P", Server.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
        "-u", user, password is null ? "--skip-password" : $"--password={password}",
        "--skip-ssl", "--default-character-set=utf8mb4",
    ];
}
