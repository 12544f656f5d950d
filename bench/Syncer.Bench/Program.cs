using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using Syncer.Bench;

// ./build.sh bench [--quick]: every figure comes from real processes on 127.0.0.1 — minidoris clusters and bin/ccr_syncer —
// so it includes the wire, the store and minidoris itself. Targets are those of the project's benchmark issue.
var quick = args.Contains("--quick");
var bin = args.SkipWhile(a => a != "--bin").Skip(1).FirstOrDefault() ?? Path.Combine(Directory.GetCurrentDirectory(), "bin");
if (args.Contains("rpc"))
{
    // ./build.sh bench rpc [--calls N] [--rounds R]: the FE RPC round trip alone (bench/rpc-compare.sh compares builds).
    var calls = int.Parse(args.SkipWhile(a => a != "--calls").Skip(1).FirstOrDefault() ?? "2000", CultureInfo.InvariantCulture);
    var rounds = int.Parse(args.SkipWhile(a => a != "--rounds").Skip(1).FirstOrDefault() ?? "5", CultureInfo.InvariantCulture);
    await RpcRoundTrip.RunAsync(bin, calls, rounds);
    return;
}

// --only latency,apply,idle,ha: run some scenarios (comparing two builds on one figure without the 12-minute whole).
var only = args.SkipWhile(a => a != "--only").Skip(1).FirstOrDefault()?.Split(',') ?? ["latency", "apply", "idle", "ha"];
var size = quick
    ? new Sizes(LatencySamples: 60, ApplyLoads: 60, IdleJobs: [1, 10, 30], FootprintJobs: [30, 100], Window: 5, IdleWait: 120)
    : new Sizes(LatencySamples: 300, ApplyLoads: 200, IdleJobs: [1, 10, 100], FootprintJobs: [100, 1000], Window: 10, IdleWait: 180);
// Ctrl-C, kill or a closed terminal: stop the children first, since they would outlive the bench. Registered as POSIX
// signal handlers because a bench started in the background by a script inherits SIGINT ignored.
var signals = new[] { PosixSignal.SIGINT, PosixSignal.SIGTERM, PosixSignal.SIGHUP }.Select(signal => PosixSignalRegistration.Create(signal, context =>
{
    context.Cancel = true;
    Console.Error.WriteLine($"{context.Signal}: stopping minidoris and ccr_syncer");
    Stop.KillAll();
    Environment.Exit(context.Signal == PosixSignal.SIGINT ? 130 : 143);
})).ToList();
var report = new Report();
var total = Stopwatch.StartNew();
Console.WriteLine($"ccr_syncer bench ({(quick ? "quick" : "full")}), binaries from {bin}, {Environment.ProcessorCount} cores");

if (args.Contains("sql"))
{
    // ./build.sh bench sql: only the SQL round trip of the client stacks (docs/performance.md).
    await SqlRoundTrip.RunAsync(bin, quick, report);
}
else
{
    // --ha: only the high-availability scenario (it needs mariadbd, as the MySQL store tests do).
    if (!args.Contains("--ha"))
    {
        if (only.Contains("latency")) await Scenarios.LatencyAsync(bin, size, report);
        if (only.Contains("apply")) foreach (var buckets in new[] { 1, 16 }) await Scenarios.ApplyRateAsync(bin, size, buckets, report);
        if (only.Contains("idle")) await Scenarios.IdleAsync(bin, size, report);
    }
    if (args.Contains("--ha") || only.Contains("ha")) await HighAvailabilityScenario.RunAsync(bin, quick ? 30 : 300, report);
}

Console.WriteLine();
Console.WriteLine($"== summary ({total.Elapsed.TotalSeconds:F0} s)");
report.Print();
foreach (var registration in signals) registration.Dispose();

internal sealed record Sizes(int LatencySamples, int ApplyLoads, int[] IdleJobs, int[] FootprintJobs, int Window, int IdleWait);

/// <summary>Figures with their targets; printed as a table at the end.</summary>
internal sealed class Report
{
    private readonly List<string> _lines = [];

    public void Add(string figure, string value, string target = "", bool? pass = null)
    {
        var verdict = pass is null ? "" : pass.Value ? "PASS" : "MISS";
        var line = $"{figure,-52} {value,-22} {target,-26} {verdict}";
        _lines.Add(line);
        Console.WriteLine("  " + line);
    }

    public void Print()
    {
        Console.WriteLine($"{"figure",-52} {"value",-22} {"target",-26} verdict");
        foreach (var l in _lines) Console.WriteLine(l);
    }
}

internal static class Scenarios
{
    private const string Props = "PROPERTIES (\"replication_num\" = \"1\", \"binlog.enable\" = \"true\")";

    /// <summary>Commit-to-visible: an INSERT returns on the source, then the target is polled until the row shows.</summary>
    public static async Task LatencyAsync(string bin, Sizes size, Report report)
    {
        Console.WriteLine($"\n== commit-to-visible latency, one table job, {size.LatencySamples} samples");
        await using var src = await MiniDoris.StartAsync(bin, "src");
        await using var dest = await MiniDoris.StartAsync(bin, "dest");
        await using var syncer = await SyncerProcess.StartAsync(bin);
        await src.ExecuteAsync("CREATE DATABASE lat", $"CREATE TABLE lat.t (id INT, v INT) DUPLICATE KEY(id) DISTRIBUTED BY HASH(id) BUCKETS 1 {Props}",
            "INSERT INTO lat.t VALUES (0, 0)");
        await syncer.Api.CreateAsync("lat", src.Spec("lat", "t"), dest.Spec("lat", "t"));
        await WaitCaughtUpAsync(syncer, "lat", src, dest, "lat", "t", TimeSpan.FromSeconds(120));

        await using var s = await src.OpenAsync();
        await using var d = await dest.OpenAsync();
        var samples = new List<double>();
        for (var i = 1; i <= size.LatencySamples; i++)
        {
            await s.ExecuteAsync($"INSERT INTO lat.t VALUES ({i}, {i})", CancellationToken.None);
            var sw = Stopwatch.StartNew();
            while (await src.ScalarAsync(d, $"SELECT COUNT(*) FROM lat.t WHERE id = {i}") == 0)
            {
                if (sw.Elapsed > TimeSpan.FromSeconds(60)) throw new TimeoutException($"row {i} not visible on the target after 60 s; see {syncer.LogFile}");
                await Task.Delay(2);
            }
            samples.Add(sw.Elapsed.TotalMilliseconds);
        }
        samples.Sort();
        var p50 = Percentile(samples, 0.50);
        var p99 = Percentile(samples, 0.99);
        report.Add("commit-to-visible p50", $"{p50:F0} ms", "<= 100 ms", p50 <= 100);
        report.Add("commit-to-visible p99", $"{p99:F0} ms", "<= 300 ms", p99 <= 300);
    }

    /// <summary>
    /// Upserts applied per second: N loads written while the job is paused, then resumed and timed until the job's
    /// persisted position reaches the last load; the same number of loads on a second table applied by <see cref="Floor"/>
    /// give the floor. After an untimed warm-up turn each, the two take turns in the order S F F S S F F S (the machine's
    /// drift over the run hitting both alike) and each side's rate is the median of its four turns.
    /// </summary>
    public static async Task ApplyRateAsync(string bin, Sizes size, int buckets, Report report)
    {
        Console.WriteLine($"\n== upsert apply rate, {buckets} tablet(s), 4 turns of {size.ApplyLoads} loads each for the syncer and the floor after a warm-up turn each (S F F S S F F S)");
        await using var src = await MiniDoris.StartAsync(bin, "src");
        await using var dest = await MiniDoris.StartAsync(bin, "dest");
        var create = $"(id INT, v INT) DUPLICATE KEY(id) DISTRIBUTED BY HASH(id) BUCKETS {buckets} {Props}";
        await src.ExecuteAsync("CREATE DATABASE ap", $"CREATE TABLE ap.t {create}", "INSERT INTO ap.t VALUES (0, 0)",
            $"CREATE TABLE ap.f {create}");
        await dest.ExecuteAsync("CREATE DATABASE ap", $"CREATE TABLE ap.f {create}");

        await using var syncer = await SyncerProcess.StartAsync(bin);
        await syncer.Api.CreateAsync("ap", src.Spec("ap", "t"), dest.Spec("ap", "t"));
        await WaitCaughtUpAsync(syncer, "ap", src, dest, "ap", "t", TimeSpan.FromSeconds(120));
        await syncer.Api.PauseAsync("ap");

        var syncerTime = TimeSpan.Zero;
        var floorTime = TimeSpan.Zero;
        var floorLoads = 0;
        var floorRows = 0L;
        // A warm-up turn each, untimed: the syncer is a new process here while the floor's code may already have run
        // in this one, and the first loads of a process mostly measure the JIT compiling the apply path (a long-running
        // syncer pays that once). The timed turns then compare the steady state of both, in ABBA order twice.
        var turns = new[] { "warm-up syncer", "warm-up floor", "syncer", "floor", "floor", "syncer", "syncer", "floor", "floor", "syncer" };
        var syncerRates = new List<double>();
        var floorRates = new List<double>();
        foreach (var turn in turns)
        {
            TimeSpan took;
            // CPU of each process while applying (the applier is the syncer, or this process for the floor), per load.
            var applierPid = turn.EndsWith("syncer", StringComparison.Ordinal) ? syncer.Pid : Environment.ProcessId;
            double applierCpu = 0, srcCpu = 0, destCpu = 0;
            void CpuMark(int sign)
            {
                applierCpu += sign * ProcessCpu.Seconds(applierPid);
                srcCpu += sign * ProcessCpu.Seconds(src.Pid);
                destCpu += sign * ProcessCpu.Seconds(dest.Pid);
            }
            if (turn.EndsWith("syncer", StringComparison.Ordinal))
            {
                await LoadAsync(src, "ap.t", size.ApplyLoads, buckets);
                var last = await Floor.LastSeqAsync(src, "ap", "t");
                CpuMark(-1);
                var sw = Stopwatch.StartNew();
                await syncer.Api.ResumeAsync("ap");
                // Done when the job's persisted position reaches the last load's binlog: read from the syncer's own
                // store, so watching adds no call to the clusters the syncer works against (the floor has none either).
                while (await syncer.Api.PrevCommitSeqAsync("ap") < last)
                {
                    if (sw.Elapsed > TimeSpan.FromSeconds(300)) throw new TimeoutException($"job ap did not apply up to {last} within 300 s; see {syncer.LogFile}");
                    await Task.Delay(20);
                }
                took = sw.Elapsed;
                CpuMark(1);
                if (turn == "syncer")
                {
                    syncerTime += took;
                    syncerRates.Add(size.ApplyLoads / took.TotalSeconds);
                }
                await WaitCaughtUpAsync(syncer, "ap", src, dest, "ap", "t", TimeSpan.FromSeconds(60));
                await syncer.Api.PauseAsync("ap");
            }
            else
            {
                var after = await Floor.LastSeqAsync(src, "ap", "f");
                await LoadAsync(src, "ap.f", size.ApplyLoads, buckets);
                CpuMark(-1);
                var sw = Stopwatch.StartNew();
                var applied = await Floor.ApplyAsync(src, dest, "ap", "f", after, size.ApplyLoads);
                took = sw.Elapsed;
                CpuMark(1);
                floorRows += applied * buckets;
                if (turn == "floor")
                {
                    floorTime += took;
                    floorLoads += applied;
                    floorRates.Add(applied / took.TotalSeconds);
                }
                await using var c = await dest.OpenAsync();
                var rows = await dest.ScalarAsync(c, "SELECT COUNT(*) FROM ap.f");
                if (rows != floorRows) throw new InvalidOperationException($"floor applied {rows} rows, expected {floorRows}");
            }
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {turn,-14} {size.ApplyLoads / took.TotalSeconds,7:F1} /s ({took.TotalSeconds:F2} s); CPU ms per load: applier {applierCpu * 1000 / size.ApplyLoads:F2}, src {srcCpu * 1000 / size.ApplyLoads:F2}, dest {destCpu * 1000 / size.ApplyLoads:F2}"));
        }
        // Each side's figure is the median of its turns: on a shared machine one turn can land in another build's burst
        // and take several times as long, which a sum of times would charge to that side alone.
        var syncerRate = Median(syncerRates);
        var floorRate = Median(floorRates);
        var ratio = syncerRate / floorRate;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  all turns together: syncer {syncerRates.Count * size.ApplyLoads / syncerTime.TotalSeconds:F1} /s, floor {floorLoads / floorTime.TotalSeconds:F1} /s"));
        report.Add($"upserts applied/s, {buckets} tablet(s), syncer", $"{syncerRate:F1} /s");
        report.Add($"upserts applied/s, {buckets} tablet(s), raw floor", $"{floorRate:F1} /s");
        report.Add($"syncer / floor, {buckets} tablet(s)", $"{ratio:F2}x", ">= 0.80x", ratio >= 0.8);
    }

    /// <summary>
    /// Idle table jobs: getBinlog calls per second the source FE serves (its own counter) with 1, 10 and 100 jobs on one
    /// database, then the syncer's RSS and CPU with 100 and 1,000 idle jobs (spread over databases of 100 tables).
    /// </summary>
    public static async Task IdleAsync(string bin, Sizes size, Report report)
    {
        Console.WriteLine($"\n== idle table jobs: source getBinlog rate ({string.Join(", ", size.IdleJobs)} jobs on one database), footprint ({string.Join(", ", size.FootprintJobs)} jobs)");
        await using var src = await MiniDoris.StartAsync(bin, "src");
        await using var dest = await MiniDoris.StartAsync(bin, "dest");
        await using var syncer = await SyncerProcess.StartAsync(bin);
        const int perDb = 100;
        var created = 0;
        var dbsMade = new HashSet<int>();

        async Task GrowToAsync(int jobs)
        {
            var sw = Stopwatch.StartNew();
            for (; created < jobs; created++)
            {
                var db = created / perDb;
                if (dbsMade.Add(db)) await src.ExecuteAsync($"CREATE DATABASE idle{db}");
                var t = $"t{created}";
                await src.ExecuteAsync($"CREATE TABLE idle{db}.{t} (id INT, v INT) DUPLICATE KEY(id) DISTRIBUTED BY HASH(id) BUCKETS 1 {Props}",
                    $"INSERT INTO idle{db}.{t} VALUES (1, 1)");
                // One target database per job: restores of one database run one at a time, as in Doris.
                await syncer.Api.CreateAsync($"idle_{created}", src.Spec($"idle{db}", t), dest.Spec($"idle_bak{created}", t));
            }
            var idle = await WaitIdleAsync(syncer, jobs, TimeSpan.FromSeconds(size.IdleWait));
            Console.WriteLine($"  {jobs} jobs created; {idle} in incremental sync after {sw.Elapsed.TotalSeconds:F0} s");
            if (idle < jobs) Console.WriteLine($"  note: {jobs - idle} jobs were still in full sync when measured");
        }

        foreach (var jobs in size.IdleJobs.Union(size.FootprintJobs).Order())
        {
            await GrowToAsync(jobs);
            var calls0 = await src.RpcCallsAsync("getBinlog");
            var cpu0 = syncer.CpuSeconds();
            var sw = Stopwatch.StartNew();
            await Task.Delay(TimeSpan.FromSeconds(size.Window));
            var calls = await src.RpcCallsAsync("getBinlog") - calls0;
            var cpu = (syncer.CpuSeconds() - cpu0) / sw.Elapsed.TotalSeconds * 100;
            var rss = syncer.RssMb();
            var dbs = (jobs + perDb - 1) / perDb;
            var perDbRate = calls / sw.Elapsed.TotalSeconds / dbs;
            if (size.IdleJobs.Contains(jobs))
                report.Add($"getBinlog/s per source db, {jobs} idle job(s)", $"{perDbRate:F1} /s", "<= 10 /s per db", perDbRate <= 10);
            if (size.FootprintJobs.Contains(jobs))
            {
                var target = jobs >= 1000 ? "<= 300 MB" : "";
                bool? pass = jobs >= 1000 ? rss <= 300 : null;
                report.Add($"syncer RSS, {jobs} idle jobs", $"{rss:F0} MB", target, pass);
                report.Add($"syncer CPU, {jobs} idle jobs", $"{cpu:F1} % of a core");
                var (anonymous, code, files) = syncer.RssBreakdownMb();
                var heap = await syncer.Api.MetricAsync("dotnet_gc_heap_size_bytes") / 1024 / 1024;
                Console.WriteLine($"  RSS of {jobs} jobs: anonymous {anonymous:F0} MB (GC heap in use {heap:F0} MB), JIT code {code:F0} MB, mapped files {files:F0} MB");
            }
        }
    }

    private static async Task<int> WaitIdleAsync(SyncerProcess syncer, int jobs, TimeSpan patience)
    {
        var deadline = DateTime.UtcNow + patience;
        var idle = 0;
        var pending = Enumerable.Range(0, jobs).Select(i => $"idle_{i}").ToList();
        while (true)
        {
            var still = new List<string>();
            foreach (var name in pending)
            {
                if (await syncer.Api.ProgressStateAsync(name) != "TableIncrementalSync") still.Add(name);
            }
            idle = jobs - still.Count;
            pending = still;
            if (pending.Count == 0 || DateTime.UtcNow > deadline) return idle;
            // Asking a thousand jobs every second would itself be load on the syncer being measured.
            await Task.Delay(jobs > 100 ? 5000 : 1000);
        }
    }

    /// <summary>N loads of one INSERT each, one row per tablet (ids spread by the hash over the buckets).</summary>
    private static async Task LoadAsync(MiniDoris src, string table, int loads, int buckets)
    {
        await using var c = await src.OpenAsync();
        var id = 1_000;
        for (var i = 0; i < loads; i++)
        {
            var values = string.Join(", ", Enumerable.Range(0, buckets).Select(_ => { id++; return $"({id}, {i})"; }));
            await c.ExecuteAsync($"INSERT INTO {table} VALUES {values}", CancellationToken.None);
        }
    }

    private static async Task WaitCaughtUpAsync(SyncerProcess syncer, string job, MiniDoris src, MiniDoris dest, string db, string table,
        TimeSpan patience, int pollMs = 200)
    {
        var deadline = DateTime.UtcNow + patience;
        await using var s = await src.OpenAsync();
        while (true)
        {
            if (await syncer.Api.LagAsync(job) == 0)
            {
                var expected = await src.ScalarAsync(s, $"SELECT COUNT(*) FROM {db}.{table}");
                try
                {
                    await using var d = await dest.OpenAsync();
                    if (await dest.ScalarAsync(d, $"SELECT COUNT(*) FROM {db}.{table}") == expected) return;
                }
                catch (Exception e) when (e is not OutOfMemoryException)
                {
                    // The target table appears with the full sync's restore.
                }
            }
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"job {job} did not catch up within {patience.TotalSeconds} s; see {syncer.LogFile}");
            await Task.Delay(pollMs);
        }
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
    }

    private static double Percentile(List<double> sorted, double p) =>
        sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p * sorted.Count) - 1)];
}
