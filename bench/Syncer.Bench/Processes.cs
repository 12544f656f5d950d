using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using Syncer.TestSupport.Sql;

namespace Syncer.Bench;

/// <summary>A minidoris process from bin/, on free 127.0.0.1 ports.</summary>
public sealed partial class MiniDoris : IAsyncDisposable
{
    private readonly Process _process;

    private MiniDoris(Process process, Match ready)
    {
        _process = process;
        QueryPort = int.Parse(ready.Groups[1].Value, CultureInfo.InvariantCulture);
        RpcPort = int.Parse(ready.Groups[2].Value, CultureInfo.InvariantCulture);
    }

    public int QueryPort { get; }

    public int Pid => _process.Id;

    public int RpcPort { get; }

    public static async Task<MiniDoris> StartAsync(string bin, string name)
    {
        var info = new ProcessStartInfo(Path.Combine(bin, "minidoris")) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[] { "--name", name, "--query-port", "0", "--rpc-port", "0", "--be-port", "0", "--be-http-port", "0" }) info.ArgumentList.Add(a);
        var process = Stop.Track(Process.Start(info) ?? throw new InvalidOperationException("cannot start minidoris"));
        // Drain stderr so that a chatty process never blocks on a full pipe.
        process.ErrorDataReceived += (_, _) => { };
        process.BeginErrorReadLine();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (await process.StandardOutput.ReadLineAsync(timeout.Token) is { } line)
        {
            var match = Ready().Match(line);
            if (match.Success)
            {
                _ = DrainAsync(process.StandardOutput);
                return new MiniDoris(process, match);
            }
        }
        throw new InvalidOperationException($"minidoris {name} exited before it was ready");
    }

    private static async Task DrainAsync(StreamReader reader)
    {
        while (await reader.ReadLineAsync().ConfigureAwait(false) is not null) { }
    }

    public async Task<DorisSqlClient> OpenAsync() =>
        await DorisSqlClient.OpenAsync(QueryPort);

    public async Task ExecuteAsync(params string[] statements)
    {
        await using var c = await OpenAsync();
        foreach (var s in statements) await c.ExecuteAsync(s, CancellationToken.None);
    }

    public async Task<long> ScalarAsync(DorisSqlClient c, string sql)
    {
        var rs = await c.QueryResultSetAsync(sql, CancellationToken.None);
        return rs.Rows[0].GetInt64(0);
    }

    /// <summary>The server-side count of Thrift calls of <paramref name="method"/> (minidoris's SHOW PROC '/minidoris_rpc_calls').</summary>
    public async Task<long> RpcCallsAsync(string method)
    {
        await using var c = await OpenAsync();
        var rs = await c.QueryResultSetAsync("SHOW PROC '/minidoris_rpc_calls'", CancellationToken.None);
        var row = rs.Rows.FirstOrDefault(r => r.GetStringOrNull(0) == method);
        return row is null ? 0 : long.Parse(row.GetString(1), CultureInfo.InvariantCulture);
    }

    public object Spec(string db, string table) => new
    {
        host = "127.0.0.1", port = QueryPort.ToString(CultureInfo.InvariantCulture), thrift_port = RpcPort.ToString(CultureInfo.InvariantCulture),
        user = "root", password = "", database = db, table,
    };

    public async ValueTask DisposeAsync() => await Stop.GracefullyAsync(_process);

    [GeneratedRegex(@"^minidoris ready query=(\d+) rpc=(\d+) be=([\d,]+) http=([\d,]+)$")]
    private static partial Regex Ready();
}

/// <summary>bin/ccr_syncer on a free port with its own store and log in a temp directory.</summary>
public sealed partial class SyncerProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly string _dir;

    private SyncerProcess(Process process, int port, string dir)
    {
        _process = process;
        _dir = dir;
        Api = new SyncerApi(port);
    }

    public SyncerApi Api { get; }

    public int Pid => _process.Id;

    public string LogFile => Path.Combine(_dir, "ccr_syncer.log");

    public static async Task<SyncerProcess> StartAsync(string bin)
    {
        var dir = Directory.CreateTempSubdirectory("ccr-bench-").FullName;
        var port = FreePort();
        var info = new ProcessStartInfo(Path.Combine(bin, "ccr_syncer")) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { "-host=127.0.0.1", $"-port={port}", "-bind_address=127.0.0.1", $"-db_dir={Path.Combine(dir, "ccr.db")}",
                     "-log_level=info", $"-log_filename={Path.Combine(dir, "ccr_syncer.log")}" }) info.ArgumentList.Add(a);
        var process = Stop.Track(Process.Start(info) ?? throw new InvalidOperationException("cannot start ccr_syncer"));
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var syncer = new SyncerProcess(process, port, dir);
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            if (process.HasExited) throw new InvalidOperationException("ccr_syncer exited during start-up");
            try
            {
                await syncer.Api.VersionAsync();
                return syncer;
            }
            catch (HttpRequestException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(100);
            }
        }
    }

    /// <summary>VmRSS in MB.</summary>
    public double RssMb()
    {
        foreach (var line in File.ReadLines($"/proc/{Pid}/status"))
        {
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
                return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024.0;
        }
        return double.NaN;
    }

    /// <summary>
    /// Where the resident memory is, in MB: anonymous memory (the GC heap, thread stacks, native allocations), the
    /// runtime's executable memory (JIT code and stubs, mapped through <c>memfd:doublemapper</c>), and mapped files
    /// (assemblies and native libraries).
    /// </summary>
    public (double Anonymous, double Code, double Files) RssBreakdownMb()
    {
        double anonymous = 0, code = 0, files = 0;
        string? name = null;
        foreach (var line in File.ReadLines($"/proc/{Pid}/smaps"))
        {
            var header = MappingHeader().Match(line);
            if (header.Success)
            {
                name = header.Groups[1].Value;
                continue;
            }
            if (!line.StartsWith("Rss:", StringComparison.Ordinal) || name is null) continue;
            var kb = long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024.0;
            if (name.Contains("doublemapper", StringComparison.Ordinal)) code += kb;
            else if (name.StartsWith('/')) files += kb;
            else anonymous += kb;
        }
        return (anonymous, code, files);
    }

    /// <summary>utime + stime in seconds.</summary>
    public double CpuSeconds() => ProcessCpu.Seconds(Pid);

    // "start-end perms offset dev inode [path]": a mapping's first line in /proc/<pid>/smaps.
    [GeneratedRegex(@"^[0-9a-f]+-[0-9a-f]+ \S{4} [0-9a-f]+ \S+ \d+\s*(.*)$")]
    private static partial Regex MappingHeader();

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        Api.Dispose();
        await Stop.GracefullyAsync(_process);
        try
        {
            Directory.Delete(_dir, recursive: true);
        }
        catch (IOException)
        {
            // Left in /tmp; harmless.
        }
    }
}

internal static class ProcessCpu
{
    /// <summary>utime + stime of process <paramref name="pid"/> in seconds (clock ticks of 1/100 s, the Linux USER_HZ).</summary>
    public static double Seconds(int pid)
    {
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        // fields[0] is field 3 (state); utime is field 14, stime field 15.
        return (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) / 100.0;
    }
}

internal static class Stop
{
    private static readonly List<Process> Running = [];

    /// <summary>Remembers a child so that Ctrl-C or SIGTERM of the bench stops it too (children outlive a killed parent).</summary>
    public static Process Track(Process process)
    {
        lock (Running) Running.Add(process);
        return process;
    }

    /// <summary>Kills every child still running; for an interrupted run, where a graceful stop is not worth the wait.</summary>
    public static void KillAll()
    {
        lock (Running)
        {
            foreach (var p in Running)
            {
                try
                {
                    if (!p.HasExited) p.Kill(entireProcessTree: true);
                }
                catch (InvalidOperationException)
                {
                    // Already gone.
                }
            }
        }
    }

    /// <summary>SIGTERM, then SIGKILL after 20 s: the bench must never leave a process running.</summary>
    public static async Task GracefullyAsync(Process process)
    {
        if (!process.HasExited)
        {
            using var kill = Process.Start(new ProcessStartInfo("kill", ["-TERM", process.Id.ToString(CultureInfo.InvariantCulture)]) { UseShellExecute = false });
            if (kill is not null) await kill.WaitForExitAsync();
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
            try
            {
                await process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync();
            }
        }
        process.Dispose();
    }
}
