using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.RegularExpressions;

namespace Syncer.TestSupport;

/// <summary>
/// Runs the real <c>minidoris</c> executable on free ports and waits for its ready line. The test project must
/// reference src/MiniDoris so that minidoris.dll is built next to the tests.
/// </summary>
public sealed partial class MiniDorisProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _stderr = new();

    private MiniDorisProcess(Process process)
    {
        _process = process;
    }

    /// <summary>FE 0's query port (the master at start).</summary>
    public int QueryPort { get; private set; }

    /// <summary>FE 0's Thrift port (the master at start).</summary>
    public int RpcPort { get; private set; }

    /// <summary>Every FE's query port, FE 0 first (<c>--frontends N</c>).</summary>
    public IReadOnlyList<int> QueryPorts { get; private set; } = [];

    /// <summary>Every FE's Thrift port, FE 0 first.</summary>
    public IReadOnlyList<int> RpcPorts { get; private set; } = [];

    public IReadOnlyList<int> BePorts { get; private set; } = [];

    public IReadOnlyList<int> HttpPorts { get; private set; } = [];

    public string ReadyLine { get; private set; } = string.Empty;

    public string StandardError
    {
        get
        {
            lock (_stderr)
            {
                return _stderr.ToString();
            }
        }
    }

    /// <summary>Starts minidoris with several FEs (one master, the others followers).</summary>
    public static Task<MiniDorisProcess> StartWithFrontendsAsync(int frontends, int backends = 1, string? dataDir = null) =>
        StartAsync(backends, dataDir, "--frontends", frontends.ToString(System.Globalization.CultureInfo.InvariantCulture));

    public static async Task<MiniDorisProcess> StartAsync(int backends = 1, string? dataDir = null, params string[] extra)
    {
        var args = new List<string>
        {
            Path.Combine(AppContext.BaseDirectory, "minidoris.dll"),
            "--query-port", "0", "--rpc-port", "0", "--be-port", "0", "--be-http-port", "0", "--backends", backends.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        if (dataDir is not null)
        {
            args.AddRange(["--data-dir", dataDir]);
        }

        args.AddRange(extra);
        var startInfo = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in args)
        {
            startInfo.ArgumentList.Add(a);
        }

        var process = Process.Start(startInfo) ?? throw new InvalidOperationException("cannot start minidoris");
        var md = new MiniDorisProcess(process);
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                lock (md._stderr)
                {
                    md._stderr.AppendLine(e.Data);
                }
            }
        };
        process.BeginErrorReadLine();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (true)
        {
            var line = await process.StandardOutput.ReadLineAsync(timeout.Token);
            if (line is null)
            {
                await process.WaitForExitAsync(timeout.Token);
                throw new InvalidOperationException($"minidoris exited ({process.ExitCode}) before it was ready: {md.StandardError}");
            }

            var match = ReadyPattern().Match(line);
            if (match.Success)
            {
                md.ReadyLine = line;
                md.QueryPorts = match.Groups[1].Value.Split(',').Select(p => int.Parse(p, System.Globalization.CultureInfo.InvariantCulture)).ToList();
                md.RpcPorts = match.Groups[2].Value.Split(',').Select(p => int.Parse(p, System.Globalization.CultureInfo.InvariantCulture)).ToList();
                md.QueryPort = md.QueryPorts[0];
                md.RpcPort = md.RpcPorts[0];
                md.BePorts = match.Groups[3].Value.Split(',').Select(p => int.Parse(p, System.Globalization.CultureInfo.InvariantCulture)).ToList();
                md.HttpPorts = match.Groups[4].Value.Split(',').Select(p => int.Parse(p, System.Globalization.CultureInfo.InvariantCulture)).ToList();
                return md;
            }
        }
    }

    /// <summary>Asks the process to stop (SIGTERM) and waits for it to exit; returns the exit code.</summary>
    /// <summary>Whether the process has ended (crashed, or stopped).</summary>
    public bool HasExited => _process.HasExited;

    public async Task<int> StopAsync()
    {
        if (!_process.HasExited)
        {
            _ = Kill(_process.Id, 15);
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            await _process.WaitForExitAsync(timeout.Token);
        }

        return _process.ExitCode;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            try
            {
                await StopAsync();
            }
            catch (OperationCanceledException)
            {
                _process.Kill(entireProcessTree: true);
            }
        }

        _process.Dispose();
    }

    [GeneratedRegex(@"^minidoris ready query=([\d,]+) rpc=([\d,]+) be=([\d,]+) http=([\d,]+)$")]
    private static partial Regex ReadyPattern();

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);
}
