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
