using System.Diagnostics;
using System.Globalization;
using Syncer.Doris.Rpc;
using Syncer.Doris.Thrift;

namespace Syncer.Bench;

/// <summary>
/// `syncer_bench rpc`: the FE RPC round trip on loopback, getBinlog from this build's FrontendClient against this build's
/// minidoris, for a one-binlog reply and a ~13 KB one (40 upsert binlogs). Prints one machine-readable line per size so
/// bench/rpc-compare.sh can set it against the same file built on the pre-ApacheThrift tree.
/// </summary>
internal static class RpcRoundTrip
{
    private const int Binlogs = 40;

    public static async Task RunAsync(string bin, int calls, int rounds)
    {
        await using var src = await MiniDoris.StartAsync(bin, "rpc");
        var statements = new List<string>
        {
            "CREATE DATABASE rpc",
            "CREATE TABLE rpc.t (id INT, v VARCHAR(64)) DUPLICATE KEY(id) DISTRIBUTED BY HASH(id) BUCKETS 4 PROPERTIES (\"replication_num\" = \"1\", \"binlog.enable\" = \"true\")",
        };
        statements.AddRange(Enumerable.Range(1, Binlogs).Select(i => $"INSERT INTO rpc.t VALUES ({i}, 'row {i}')"));
        await src.ExecuteAsync([.. statements]);

        await using var fe = new FrontendClient(new ThriftClientOptions("127.0.0.1", src.RpcPort));
        var sizes = new[] { ("small", 1), ("large", Binlogs) }.Select(size => (Label: size.Item1, Request: new TGetBinlogRequest
        {
            User = "root", Passwd = "", Db = "rpc", PrevCommitSeq = 0, NumAcquired = size.Item2,
        })).ToList();
        var replies = new Dictionary<string, (int Count, int Bytes)>();
        foreach (var (label, request) in sizes)
        {
            var first = await fe.GetBinlogAsync(request, CancellationToken.None);
            if (first.Status?.StatusCode != TStatusCode.OK || first.Binlogs is not { Count: > 0 } list)
            {
                throw new InvalidOperationException($"getBinlog answered {first.Status?.StatusCode}");
            }

            replies[label] = (list.Count, list.Sum(b => (b.Data?.Length ?? 0) + 64));
        }

        // Warm-up: both sizes, at least `calls` each and at least 3 s in all, so that both processes run tier-1 JIT code
        // before anything is measured (2,000 calls alone left the first size measured partly on tier-0 code on a busy
        // machine, and a stack with more methods to compile looked slower for it).
        var warm = Stopwatch.StartNew();
        do
        {
            foreach (var (_, request) in sizes)
            {
                for (var i = 0; i < calls; i++)
                {
                    await fe.GetBinlogAsync(request, CancellationToken.None);
                }
            }
        }
        while (warm.Elapsed < TimeSpan.FromSeconds(3));

        // Several rounds, the sizes taking turns, best taken per size: the machine is shared, and the least disturbed
        // round is the fairest comparison.
        // CPU time (this process and minidoris together) is reported beside the wall time: on a machine shared with
        // other builds the wall time mostly measures waiting for a core, the CPU time what the two stacks spend.
        var best = sizes.ToDictionary(size => size.Label, _ => double.MaxValue);
        var bestCpu = sizes.ToDictionary(size => size.Label, _ => double.MaxValue);
        for (var r = 0; r < rounds; r++)
        {
            foreach (var (label, request) in sizes)
            {
                var cpu = CpuNanoseconds();
                var sw = Stopwatch.StartNew();
                for (var i = 0; i < calls; i++)
                {
                    await fe.GetBinlogAsync(request, CancellationToken.None);
                }

                best[label] = Math.Min(best[label], sw.Elapsed.TotalMicroseconds / calls);
                bestCpu[label] = Math.Min(bestCpu[label], (CpuNanoseconds() - cpu) / 1000.0 / calls);
            }
        }

        foreach (var (label, _) in sizes)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"rpc getBinlog {label} binlogs={replies[label].Count} reply~{replies[label].Bytes / 1024.0:F1}KB calls={calls} rounds={rounds} us_per_call={best[label]:F1} cpu_us_per_call={bestCpu[label]:F1}"));
        }
    }

    /// <summary>
    /// CPU time so far of this process and its children (minidoris), in nanoseconds: the sum over their threads of
    /// /proc/&lt;pid&gt;/task/&lt;tid&gt;/schedstat's first field (time on a CPU, ns; /proc/pid/stat counts only 10 ms ticks).
    /// </summary>
    private static long CpuNanoseconds()
    {
        var self = Environment.ProcessId;
        var total = 0L;
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
            {
                continue;
            }

            try
            {
                // /proc/<pid>/stat: "pid (comm) state ppid ..."; comm may hold spaces, so parse after the last ')'.
                var stat = File.ReadAllText(Path.Combine(dir, "stat"));
                var ppid = int.Parse(stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[1], CultureInfo.InvariantCulture);
                if (pid != self && ppid != self)
                {
                    continue;
                }

                foreach (var task in Directory.EnumerateDirectories(Path.Combine(dir, "task")))
                {
                    var schedstat = File.ReadAllText(Path.Combine(task, "schedstat"));
                    total += long.Parse(schedstat[..schedstat.IndexOf(' ')], CultureInfo.InvariantCulture);
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException)
            {
                // A process or thread that ended while being read.
            }
        }

        return total;
    }
}
