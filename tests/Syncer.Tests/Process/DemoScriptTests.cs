using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Syncer.Tests.Support;
using Syncer.TestSupport;

namespace Syncer.Tests.Process;

/// <summary>
/// shell/ccr_demo.sh run with bash from an install directory laid out as bin/ (the script, ccr_syncer and minidoris),
/// as a user runs it after ./build.sh: it must succeed, show equal counts on both sides, and stop every process it
/// started — on success and on Ctrl-C.
/// </summary>
[Trait("Category", "EndToEnd")]
public sealed partial class DemoScriptTests : IDisposable
{
    private readonly SyncerInstall _install = new();

    public DemoScriptTests()
    {
        // SyncerInstall links ccr_syncer; the demo also starts minidoris from its own directory.
        File.CreateSymbolicLink(Path.Combine(_install.Bin, "minidoris"), Path.Combine(AppContext.BaseDirectory, "minidoris"));
    }

    public void Dispose() => _install.Dispose();

    [Fact]
    public async Task Demo_syncs_the_table_prints_equal_counts_and_leaves_nothing_running()
    {
        var result = await ProcessRunner.RunAsync("bash", [Path.Combine(_install.Bin, "ccr_demo.sh"), "--rounds", "2", "--rows", "3"],
            TimeSpan.FromMinutes(4), environment: new Dictionary<string, string> { ["TMPDIR"] = _install.Home });
        Assert.True(result.Succeeded, result.ToString());

        var equal = CountsEqual().Match(result.StandardOutput);
        Assert.True(equal.Success, result.ToString());
        Assert.Equal(equal.Groups[1].Value, equal.Groups[2].Value);
        // 2 rows before the job, then 2 rounds of 3.
        Assert.Equal("8", equal.Groups[1].Value);
        Assert.Contains("lag=0 ", result.StandardOutput, StringComparison.Ordinal);

        var pids = StartedPids(result.StandardOutput);
        Assert.Equal(3, pids.Count);
        Assert.All(pids, pid => Assert.False(Signals.IsAlive(pid), $"process {pid} is still running after the demo"));
        Assert.Empty(Directory.GetDirectories(_install.Home, "ccr_demo.*"));
    }

    [Fact]
    public async Task Ctrl_c_stops_everything_the_demo_started()
    {
        var info = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(Path.Combine(_install.Bin, "ccr_demo.sh"));
        info.Environment["TMPDIR"] = _install.Home;
        using var demo = System.Diagnostics.Process.Start(info)!;
        var output = new StringBuilder();
        var errors = demo.StandardError.ReadToEndAsync();
        List<int> pids = [];
        using (var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2)))
        {
            while (await demo.StandardOutput.ReadLineAsync(timeout.Token) is { } line)
            {
                output.AppendLine(line);
                if (line.StartsWith("started processes:", StringComparison.Ordinal)) pids = StartedPids(line);
                if (line.Contains("POST /create_ccr", StringComparison.Ordinal)) break;
            }
        }
        if (pids.Count != 3)
        {
            await demo.WaitForExitAsync();
            Assert.Fail($"the demo ended before creating its job (exit code {demo.ExitCode})\n{output}\n{await errors}");
        }

        // What a terminal's Ctrl-C delivers to the script.
        await Signals.SendAsync(demo.Id, "INT");
        output.Append(await demo.StandardOutput.ReadToEndAsync());
        await demo.WaitForExitAsync();
        Assert.True(demo.ExitCode == 130, $"exit code {demo.ExitCode}\n{output}\n{await errors}");
        Assert.Contains("stopped processes:", output.ToString(), StringComparison.Ordinal);
        Assert.All(pids, pid => Assert.False(Signals.IsAlive(pid), $"process {pid} is still running after Ctrl-C"));
    }

    private static List<int> StartedPids(string output)
    {
        var match = StartedProcesses().Match(output);
        Assert.True(match.Success, output);
        return match.Groups[1].Value.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(p => int.Parse(p, CultureInfo.InvariantCulture)).ToList();
    }

    [GeneratedRegex(@"counts equal: (\d+) = (\d+)")]
    private static partial Regex CountsEqual();

    [GeneratedRegex(@"started processes: ([\d ]+)")]
    private static partial Regex StartedProcesses();
}
