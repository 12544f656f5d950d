using System.Diagnostics;
using System.Globalization;
using System.Text;
using Syncer.Tests.Support;
using Syncer.TestSupport;

namespace Syncer.Tests.Process;

/// <summary>bin/start_syncer.sh in the foreground, stopped as a terminal stops it.</summary>
[Trait("Category", "EndToEnd")]
public sealed class ForegroundScriptTests : IDisposable
{
    private readonly SyncerInstall _install = new();

    public void Dispose() => _install.Dispose();

    [Fact]
    public async Task Ctrl_c_lets_the_shutdown_lines_reach_the_terminal_and_the_log()
    {
        var port = TestPorts.GetFree();
        // setsid: the script leads a process group of its own, as a shell job in a terminal does.
        var info = new ProcessStartInfo("setsid")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { "bash", Path.Combine(_install.Bin, "start_syncer.sh"), "--port", port.ToString(CultureInfo.InvariantCulture),
                     "--log_level", "info", "--", "-bind_address=127.0.0.1" })
            info.ArgumentList.Add(argument);
        var terminal = new StringBuilder();
        using var script = System.Diagnostics.Process.Start(info)!;
        script.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (terminal) terminal.AppendLine(e.Data); };
        script.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (terminal) terminal.AppendLine(e.Data); };
        script.BeginOutputReadLine();
        script.BeginErrorReadLine();
        try
        {
            await Eventually.UntilHealthyAsync(new Uri($"http://127.0.0.1:{port}/healthz"), TimeSpan.FromSeconds(60));
            // What Ctrl-C does: SIGINT to every process of the foreground group (script, ccr_syncer and tee).
            var kill = await ProcessRunner.RunAsync("kill", ["-s", "INT", "--", $"-{script.Id}"], TimeSpan.FromSeconds(10));
            Assert.True(kill.Succeeded, kill.ToString());
            using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            await script.WaitForExitAsync(limit.Token);
        }
        finally
        {
            if (!script.HasExited) await ProcessRunner.RunAsync("kill", ["-s", "KILL", "--", $"-{script.Id}"], TimeSpan.FromSeconds(10));
        }
        Assert.Equal(0, script.ExitCode);
        string shown;
        lock (terminal) shown = terminal.ToString();
        Assert.Contains("INFO ccr_syncer stopped", shown, StringComparison.Ordinal);
        var log = await File.ReadAllTextAsync(Path.Combine(_install.Home, "log", $"127.0.0.1_{port}.log"));
        Assert.Contains($"listening on 127.0.0.1:{port}", log, StringComparison.Ordinal);
        Assert.Contains("INFO ccr_syncer stopped", log, StringComparison.Ordinal);
    }
}
