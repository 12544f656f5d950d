using System.Net;
using System.Net.Sockets;
using Syncer.Tests.Support;

namespace Syncer.Tests.Process;

/// <summary>The ccr_syncer executable run as a process: exit codes, flag errors, signals.</summary>
[Trait("Category", "EndToEnd")]
public sealed class BinaryTests : IDisposable
{
    private readonly SyncerInstall _install = new();

    public void Dispose() => _install.Dispose();

    [Theory]
    [InlineData("-nope", "ccr_syncer: flag provided but not defined: -nope")]
    [InlineData("-port=http", "ccr_syncer: invalid value \"http\" for flag -port: expected an integer")]
    [InlineData("-db_type=postgresql", "ccr_syncer: invalid value \"postgresql\" for flag -db_type")]
    public async Task Bad_command_lines_exit_2_with_one_line(string argument, string message)
    {
        var result = await _install.RunBinaryAsync(argument);
        Assert.Equal(2, result.ExitCode);
        Assert.Equal("", result.StandardOutput);
        var line = Assert.Single(result.StandardError.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith(message, line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Version_and_help_exit_0()
    {
        var version = await _install.RunBinaryAsync("-version");
        Assert.Equal(0, version.ExitCode);
        Assert.Equal(Syncer.Configuration.SyncerVersion.Text, version.StandardOutput.Trim());
        var help = await _install.RunBinaryAsync("--help");
        Assert.Equal(0, help.ExitCode);
        Assert.Contains("-feature_atomic_restore", help.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Port_in_use_fails_the_start_with_exit_1()
    {
        using var occupied = new TcpListener(IPAddress.Loopback, 0);
        occupied.Start();
        var port = ((IPEndPoint)occupied.LocalEndpoint).Port;
        var result = await _install.RunBinaryAsync($"-port={port}", "-bind_address=127.0.0.1", $"-db_dir={_install.Home}/db/ccr.db", "-log_level=info");
        Assert.Equal(1, result.ExitCode);
        Assert.StartsWith("ccr_syncer: cannot start:", result.StandardError.Trim(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_second_instance_on_a_taken_port_fails_before_it_touches_the_store()
    {
        var port = TestPorts.GetFree();
        var db = Path.Combine(_install.Home, "db", "ccr.db");
        await SeedJobAsync(db, $"127.0.0.1:{port}");
        var firstLog = Path.Combine(_install.Home, "log", "first.log");
        using var first = _install.StartBinary($"-port={port}", "-bind_address=127.0.0.1", $"-db_dir={db}", $"-log_filename={firstLog}", "-log_level=info");
        try
        {
            await Eventually.UntilHealthyAsync(new Uri($"http://127.0.0.1:{port}/healthz"), TimeSpan.FromSeconds(30));
            // Jobs are recovered once the port is bound, so the line may follow the first healthy answer.
            await Eventually.UntilAsync(async () => (await File.ReadAllTextAsync(firstLog)).Contains("recovered job kept", StringComparison.Ordinal),
                TimeSpan.FromSeconds(30), "the first instance to recover the job");
            var secondLog = Path.Combine(_install.Home, "log", "second.log");
            var second = await _install.RunBinaryAsync($"-port={port}", "-bind_address=127.0.0.1", $"-db_dir={db}", $"-log_filename={secondLog}",
                "-log_level=trace");
            Assert.Equal(1, second.ExitCode);
            Assert.Equal($"ccr_syncer: cannot start: cannot listen on 127.0.0.1:{port}: address already in use (is another ccr_syncer running there?)",
                second.StandardError.Trim());
            var text = await File.ReadAllTextAsync(secondLog);
            Assert.DoesNotContain("recovered job", text, StringComparison.Ordinal);
            Assert.DoesNotContain("job store", text, StringComparison.Ordinal);
        }
        finally
        {
            await StopAsync(first);
        }
    }

    [Fact]
    public async Task Two_instances_on_one_sqlite_file_are_refused_until_the_first_stops()
    {
        var db = Path.Combine(_install.Home, "db", "ccr.db");
        var port = TestPorts.GetFree();
        using var first = _install.StartBinary($"-port={port}", "-bind_address=127.0.0.1", $"-db_dir={db}", "-log_level=info");
        var secondPort = TestPorts.GetFree();
        string[] second = [$"-port={secondPort}", "-bind_address=127.0.0.1", $"-db_dir={db}", "-log_level=info"];
        try
        {
            await Eventually.UntilHealthyAsync(new Uri($"http://127.0.0.1:{port}/healthz"), TimeSpan.FromSeconds(30));
            var refused = await _install.RunBinaryAsync(second);
            Assert.Equal(1, refused.ExitCode);
            Assert.Equal($"ccr_syncer: cannot start: sqlite3 {db} is in use by another ccr_syncer (it holds {db}.lock); give each instance its own "
                + "-db_dir, or share a MySQL store (-db_type=mysql)", refused.StandardError.Trim());
        }
        finally
        {
            await StopAsync(first);
        }
        Assert.Equal(0, first.ExitCode);
        // The lock went with the process: the next instance on the file starts.
        using var next = _install.StartBinary(second);
        try
        {
            await Eventually.UntilHealthyAsync(new Uri($"http://127.0.0.1:{secondPort}/healthz"), TimeSpan.FromSeconds(30));
        }
        finally
        {
            await StopAsync(next);
        }
    }

    private static async Task SeedJobAsync(string db, string owner)
    {
        var options = Syncer.Configuration.FlagParser.Parse([$"-db_dir={db}"], _ => null).Options;
        await using var store = await SyncerApp.OpenStoreAsync(options, TimeProvider.System,
            Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance, CancellationToken.None);
        await store.AddJobAsync(JobSamples.Table("kept"), owner, "{\"job_name\":\"kept\",\"sync_state\":501,\"prev_commit_seq\":1,\"commit_seq\":1}",
            CancellationToken.None);
    }

    private static async Task StopAsync(System.Diagnostics.Process process)
    {
        if (process.HasExited) return;
        await Signals.SendAsync(process.Id, "TERM");
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(limit.Token);
    }

    [Theory]
    [InlineData("TERM")]
    [InlineData("INT")]
    [InlineData("QUIT")]
    public async Task A_signal_stops_it_gracefully_with_exit_0_and_sighup_is_ignored(string signal)
    {
        var port = TestPorts.GetFree();
        var log = Path.Combine(_install.Home, "log", "syncer.log");
        using var process = _install.StartBinary($"-port={port}", "-bind_address=127.0.0.1", $"-db_dir={_install.Home}/db/ccr.db",
            $"-log_filename={log}", "-log_level=info", "-db_password=never-logged-pw");
        var healthz = new Uri($"http://127.0.0.1:{port}/healthz");
        await Eventually.UntilHealthyAsync(healthz, TimeSpan.FromSeconds(30));
        await Signals.SendAsync(process.Id, "HUP");
        await Eventually.UntilAsync(async () => (await File.ReadAllTextAsync(log)).Contains("received SIGHUP; ignored", StringComparison.Ordinal),
            TimeSpan.FromSeconds(30), "the SIGHUP to be logged");
        await Eventually.UntilHealthyAsync(healthz, TimeSpan.FromSeconds(30));
        await Signals.SendAsync(process.Id, signal);
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await process.WaitForExitAsync(limit.Token);
        Assert.Equal(0, process.ExitCode);
        var text = await File.ReadAllTextAsync(log);
        Assert.Contains($"listening on 127.0.0.1:{port} as 127.0.0.1:{port}", text, StringComparison.Ordinal);
        Assert.Contains("INFO ccr_syncer stopped", text, StringComparison.Ordinal);
        Assert.DoesNotContain("never-logged-pw", text, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(_install.Home, "db", "ccr.key")));
    }
}
