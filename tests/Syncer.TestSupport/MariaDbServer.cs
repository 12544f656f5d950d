using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Xunit;

namespace Syncer.TestSupport;

/// <summary>
/// A real, throw-away MariaDB server: its own data directory under /tmp, its own port on 127.0.0.1, a test user
/// with a password and a test database. Use it as an xunit class or collection fixture; it is killed (by pid) and its
/// directory deleted on dispose.
/// </summary>
/// <remarks>
/// Runs as root in sandboxes, hence --user=root. The anonymous accounts a fresh install creates are dropped, because
/// ''@'localhost' would otherwise shadow a test user connecting over 127.0.0.1.
/// </remarks>
public sealed class MariaDbServer : IAsyncLifetime
{
    /// <summary>The test account, valid from 127.0.0.1 and localhost, with every privilege.</summary>
    public const string User = "syncer";

    /// <summary>Deliberately contains quote characters, to exercise escaping on the way.</summary>
    public const string Password = "s3cret'\"pw";

    /// <summary>root has no password over TCP from 127.0.0.1 (install-db "normal" authentication).</summary>
    public const string RootUser = "root";

    /// <summary>An empty utf8mb4 database the test user owns.</summary>
    public const string Database = "syncer_test";

    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);
    private readonly StringBuilder _serverOutput = new();
    private Process? _process;

    public string Host => "127.0.0.1";

    public int Port { get; private set; }

    public string DataDirectory { get; private set; } = string.Empty;

    public string SocketPath => Path.Combine(DataDirectory, "mariadb.sock");

    /// <summary>The server's process id (for tests that need to kill it).</summary>
    public int ProcessId => _process?.Id ?? 0;

    /// <summary>What the server printed so far (its error log).</summary>
    public string ServerOutput
    {
        get
        {
            lock (_serverOutput)
            {
                return _serverOutput.ToString();
            }
        }
    }

    public async Task InitializeAsync()
    {
        var serverBinary = ExecutableFinder.Find("mariadb-server", "mariadbd", "mysqld");
        var installBinary = ExecutableFinder.Find("mariadb-server", "mariadb-install-db", "mysql_install_db");
        var root = Path.Combine(Path.GetTempPath(), "syncer-mariadb-" + Guid.NewGuid().ToString("N")[..12]);
        DataDirectory = Path.Combine(root, "data");
        Directory.CreateDirectory(root);

        var install = await ProcessRunner.RunAsync(
            installBinary,
            ["--no-defaults", .. UserArguments(), $"--datadir={DataDirectory}", "--auth-root-authentication-method=normal",
                "--skip-test-db", "--skip-name-resolve"],
            TimeSpan.FromMinutes(2));
        if (!install.Succeeded)
        {
            throw new InvalidOperationException($"mariadb-install-db failed:\n{install}");
        }

        // The port can be taken between choosing and binding it; retry with another.
        for (var attempt = 1; ; attempt++)
        {
            Port = FreePort.Get();
            StartProcess(serverBinary);
            var error = await WaitUntilReadyAsync();
            if (error is null)
            {
                break;
            }

            await StopProcessAsync();
            if (attempt == 3 || !error.Contains("already in use", StringComparison.OrdinalIgnoreCase))
            {
                throw new InvalidOperationException($"MariaDB did not start on port {Port}: {error}\n--- server output ---\n{ServerOutput}");
            }
        }

        await CreateAccountsAsync();
    }

    /// <summary>
    /// Shuts the server down cleanly (SIGTERM, so every committed transaction is on disk) and starts it again on the same
    /// port and data directory: what clients see during a MariaDB restart. <paramref name="whileDown"/> runs in between.
    /// </summary>
    public async Task RestartAsync(Func<Task>? whileDown = null)
    {
        var process = _process ?? throw new InvalidOperationException("the server is not running");
        var stop = await ProcessRunner.RunAsync("kill", ["-s", "TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)], TimeSpan.FromSeconds(10));
        if (!stop.Succeeded) throw new InvalidOperationException($"kill -s TERM {process.Id} failed: {stop}");
        using (var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60))) await process.WaitForExitAsync(timeout.Token);
        _process = null;
        process.Dispose();
        if (whileDown is not null) await whileDown();
        StartProcess(ExecutableFinder.Find("mariadb-server", "mariadbd", "mysqld"));
        var error = await WaitUntilReadyAsync();
        if (error is not null) throw new InvalidOperationException($"MariaDB did not restart on port {Port}: {error}\n--- server output ---\n{ServerOutput}");
    }

    public async Task DisposeAsync()
    {
        await StopProcessAsync();
        if (DataDirectory.Length > 0)
        {
            try
            {
                Directory.Delete(Path.GetDirectoryName(DataDirectory)!, recursive: true);
            }
            catch (IOException)
            {
                // Best effort: /tmp is cleaned eventually.
            }
        }
    }

    /// <summary>
    /// Runs SQL as root through the real `mariadb` client over the Unix socket, independent of the code under test.
    /// Returns the tab-separated output without headers; throws with the client's error output on failure.
    /// </summary>
    public async Task<string> ExecuteAsRootAsync(string sql, CancellationToken cancellationToken = default)
    {
        var result = await RunClientAsync(sql, cancellationToken);
        if (!result.Succeeded)
        {
            throw new InvalidOperationException($"SQL failed: {sql}\n{result}");
        }

        return result.StandardOutput;
    }

    private static string[] UserArguments() =>
        Environment.UserName == "root" ? ["--user=root"] : [];

    private async Task<ProcessResult> RunClientAsync(string sql, CancellationToken cancellationToken)
    {
        var client = ExecutableFinder.Find("mariadb-client", "mariadb", "mysql");
        return await ProcessRunner.RunAsync(
            client,
            ["--no-defaults", $"--socket={SocketPath}", $"--user={RootUser}", "--batch", "--skip-column-names",
                "--default-character-set=utf8mb4", "-e", sql],
            TimeSpan.FromSeconds(30),
            cancellationToken: cancellationToken);
    }

    private void StartProcess(string serverBinary)
    {
        lock (_serverOutput)
        {
            _serverOutput.Clear();
        }

        var startInfo = new ProcessStartInfo(serverBinary)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        string[] arguments =
        [
            "--no-defaults", .. UserArguments(), $"--datadir={DataDirectory}", $"--socket={SocketPath}",
            $"--port={Port}", "--bind-address=127.0.0.1", $"--pid-file={Path.Combine(DataDirectory, "mariadbd.pid")}",
            "--skip-grant-tables=0", "--skip-name-resolve", "--skip-log-bin", "--max-allowed-packet=64M",
            "--max-connections=500", "--character-set-server=utf8mb4", "--collation-server=utf8mb4_general_ci",
            "--innodb-buffer-pool-size=32M", "--innodb-log-file-size=32M", "--innodb-flush-log-at-trx-commit=0",
            "--innodb-doublewrite=0", "--innodb-use-native-aio=0", "--performance-schema=0",
        ];
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        var process = new Process { StartInfo = startInfo };
        process.OutputDataReceived += (_, e) => AppendOutput(e.Data);
        process.ErrorDataReceived += (_, e) => AppendOutput(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _process = process;
    }

    private void AppendOutput(string? line)
    {
        if (line is not null)
        {
            lock (_serverOutput)
            {
                _serverOutput.Append(line).Append('\n');
            }
        }
    }

    /// <summary>Polls until the server answers a query; returns null when ready, else why it is not.</summary>
    private async Task<string?> WaitUntilReadyAsync()
    {
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < StartTimeout)
        {
            if (_process!.HasExited)
            {
                return $"mariadbd exited with code {_process.ExitCode}. {(ServerOutput.Contains("already in use", StringComparison.OrdinalIgnoreCase) ? "Port already in use." : string.Empty)}";
            }

            if (await AcceptsTcpAsync())
            {
                var probe = await RunClientAsync("SELECT 1", CancellationToken.None);
                if (probe.Succeeded)
                {
                    return null;
                }
            }

            await Task.Delay(100);
        }

        return $"no answer within {StartTimeout}";
    }

    private async Task<bool> AcceptsTcpAsync()
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(1));
            await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, Port), timeout.Token);
            return true;
        }
        catch (Exception ex) when (ex is SocketException or OperationCanceledException)
        {
            return false;
        }
    }

    private async Task CreateAccountsAsync()
    {
        var anonymousHosts = await ExecuteAsRootAsync("SELECT Host FROM mysql.user WHERE User = ''");
        var sql = new StringBuilder();
        foreach (var host in anonymousHosts.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            sql.Append("DROP USER ''@'").Append(host.Trim()).Append("';\n");
        }

        var password = Password.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("'", "\\'", StringComparison.Ordinal);
        foreach (var host in new[] { "localhost", "127.0.0.1" })
        {
            sql.Append($"CREATE USER '{User}'@'{host}' IDENTIFIED BY '{password}';\n");
            sql.Append($"GRANT ALL PRIVILEGES ON *.* TO '{User}'@'{host}' WITH GRANT OPTION;\n");
        }

        sql.Append($"CREATE DATABASE `{Database}` CHARACTER SET utf8mb4;\nFLUSH PRIVILEGES;\n");
        await ExecuteAsRootAsync(sql.ToString());
    }

    private async Task StopProcessAsync()
    {
        var process = _process;
        _process = null;
        if (process is null)
        {
            return;
        }

        try
        {
            if (!process.HasExited)
            {
                // By pid, never by name: other tests' servers run beside this one.
                process.Kill();
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
                await process.WaitForExitAsync(timeout.Token);
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
        finally
        {
            process.Dispose();
        }
    }
}
