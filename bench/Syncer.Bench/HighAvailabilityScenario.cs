using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using Syncer.TestSupport;

namespace Syncer.Bench;

/// <summary>
/// Scale-out and failover on the MySQL store (a real MariaDB started for the run): one instance creates N table jobs and
/// pauses them (idle: paused jobs hold no connections and fetch nothing), two more instances join and the leader spreads
/// the jobs; then the instance owning the most jobs is SIGKILLed and the time until the survivors run every job is taken.
/// Default lease flags (-ha_check_interval=1s, -ha_lease=3s), as an operator would run it.
/// </summary>
internal static class HighAvailabilityScenario
{
    private const string Props = "PROPERTIES (\"replication_num\" = \"1\", \"binlog.enable\" = \"true\")";

    public static async Task RunAsync(string bin, int jobs, Report report)
    {
        Console.WriteLine($"\n== high availability: {jobs} idle table jobs on three instances (MySQL store on MariaDB), then SIGKILL of the busiest");
        var mariadb = new MariaDbServer();
        await mariadb.InitializeAsync();
        var dir = Directory.CreateTempSubdirectory("ccr-bench-ha-").FullName;
        var instances = new List<(Process Process, int Port, SyncerApi Api)>();
        try
        {
            await using var src = await MiniDoris.StartAsync(bin, "src");
            await using var dest = await MiniDoris.StartAsync(bin, "dest");
            instances.Add(await StartAsync(bin, mariadb, dir));
            var first = instances[0];
            var sw = Stopwatch.StartNew();
            for (var i = 0; i < jobs; i++)
            {
                var db = $"ha{i / 100}";
                if (i % 100 == 0) await src.ExecuteAsync($"CREATE DATABASE {db}");
                await src.ExecuteAsync($"CREATE TABLE {db}.t{i} (id INT, v INT) DUPLICATE KEY(id) DISTRIBUTED BY HASH(id) BUCKETS 1 {Props}");
                await first.Api.CreateAsync($"ha_{i}", src.Spec(db, $"t{i}"), dest.Spec($"ha_bak{i}", $"t{i}"));
                await first.Api.PauseAsync($"ha_{i}");
            }
            Console.WriteLine($"  {jobs} jobs created and paused on one instance in {sw.Elapsed.TotalSeconds:F0} s");

            sw.Restart();
            instances.Add(await StartAsync(bin, mariadb, dir));
            instances.Add(await StartAsync(bin, mariadb, dir));
            var counts = await WaitAsync(instances, c => c.Sum() == jobs && c.Max() - c.Min() <= 1, TimeSpan.FromMinutes(3));
            var spread = sw.Elapsed;
            var worst = counts.Max(c => Math.Abs(c - jobs / 3.0) / (jobs / 3.0) * 100);
            report.Add($"HA: {jobs} idle jobs over 3 instances", string.Join("/", counts), "each within ±10% of 1/3", worst <= 10);
            report.Add("HA: time to spread after two instances joined", $"{spread.TotalSeconds:F1} s");

            var victim = instances.OrderByDescending(i => counts[instances.IndexOf(i)]).First();
            var onVictim = counts[instances.IndexOf(victim)];
            var survivors = instances.Where(i => i != victim).ToList();
            victim.Process.Kill();
            sw.Restart();
            await WaitAsync(survivors, c => c.Sum() == jobs, TimeSpan.FromMinutes(2));
            var failover = sw.Elapsed;
            report.Add($"HA: failover, SIGKILL with {onVictim} jobs on the victim", $"{failover.TotalSeconds:F1} s", "<= 5 s (lease 3 s)", failover <= TimeSpan.FromSeconds(5));
        }
        finally
        {
            foreach (var (process, _, api) in instances)
            {
                api.Dispose();
                await Stop.GracefullyAsync(process);
            }
            await mariadb.DisposeAsync();
        }
    }

    /// <summary>Polls each instance's /healthz owned_jobs until <paramref name="done"/> holds; the last counts.</summary>
    private static async Task<int[]> WaitAsync(List<(Process Process, int Port, SyncerApi Api)> instances, Func<int[], bool> done, TimeSpan patience)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            var counts = new int[instances.Count];
            for (var i = 0; i < instances.Count; i++)
            {
                var health = await http.GetFromJsonAsync<JsonElement>($"http://127.0.0.1:{instances[i].Port}/healthz");
                counts[i] = health.GetProperty("owned_jobs").GetInt32();
            }
            if (done(counts)) return counts;
            if (deadline.Elapsed > patience) throw new TimeoutException($"owned jobs stayed at {string.Join("/", counts)}");
            await Task.Delay(50);
        }
    }

    private static async Task<(Process, int, SyncerApi)> StartAsync(string bin, MariaDbServer db, string dir)
    {
        var port = FreePort.Get();
        var info = new ProcessStartInfo(Path.Combine(bin, "ccr_syncer")) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[]
                 {
                     "-host=127.0.0.1", $"-port={port}", "-bind_address=127.0.0.1", "-db_type=mysql", $"-db_host={db.Host}",
                     $"-db_port={db.Port.ToString(CultureInfo.InvariantCulture)}", $"-db_user={MariaDbServer.User}", $"-key_file={Path.Combine(dir, "ccr.key")}",
                     "-log_level=info", $"-log_filename={Path.Combine(dir, $"ccr_syncer_{port}.log")}",
                 })
            info.ArgumentList.Add(a);
        info.Environment["CCR_SYNCER_DB_PASSWORD"] = MariaDbServer.Password;
        var process = Stop.Track(Process.Start(info) ?? throw new InvalidOperationException("cannot start ccr_syncer"));
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var api = new SyncerApi(port);
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            if (process.HasExited) throw new InvalidOperationException($"ccr_syncer exited during start-up; see {dir}");
            try
            {
                await api.VersionAsync();
                return (process, port, api);
            }
            catch (HttpRequestException) when (deadline.Elapsed < TimeSpan.FromSeconds(60))
            {
                await Task.Delay(100);
            }
        }
    }
}
