using System.Diagnostics;
using System.Globalization;
using Syncer.Tests.Engine;
using Syncer.Tests.Store;
using Syncer.Tests.Support;
using Syncer.TestSupport;
using Xunit.Abstractions;

namespace Syncer.Tests.HighAvailability;

/// <summary>
/// Several real ccr_syncer processes on one real MariaDB store replicating between two real minidoris clusters: jobs
/// spread over the instances, a SIGKILLed owner's busy job resumes elsewhere, a SIGSTOPped owner that wakes up after
/// losing its job applies nothing (DUPLICATE KEY tables keep every row, so a double apply would show), an instance that
/// joins receives a share, a MariaDB restart mid-load loses and duplicates nothing, and curl follows the redirect
/// from a non-owner. Lease flags are short (200 ms check-in, 1 s lease) so takeovers take about a second.
/// </summary>
[Collection(MariaDbCollection.Name)]
[Trait("Category", "EndToEnd")]
public sealed class HighAvailabilityEndToEndTests(MariaDbServer server, MiniDorisPair doris, ITestOutputHelper output)
    : IClassFixture<MiniDorisPair>, IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);
    private readonly SyncerInstall _install = new();
    private readonly List<SyncerProcess> _instances = [];

    private string KeyFile => Path.Combine(_install.Home, "db", "ccr.key");

    public Task InitializeAsync() => server.ExecuteAsRootAsync("DROP DATABASE IF EXISTS ccr");

    public async Task DisposeAsync()
    {
        foreach (var instance in _instances) await instance.DisposeAsync();
        _install.Dispose();
    }

    [Fact]
    public async Task Jobs_spread_over_three_instances_and_a_killed_owner_s_busy_job_resumes_elsewhere_with_target_equal_to_source()
    {
        var (a, b, c) = (await StartAsync(), await StartAsync(), await StartAsync());
        var jobs = await CreateJobsAsync(a, 6);
        await WaitSpreadAsync(a, [a, b, c], jobs.Count);

        var busy = jobs[0];
        var owners = await a.OwnersAsync();
        var victim = _instances.Single(i => i.Identity == owners[busy.Name].Owner);
        var survivor = _instances.First(i => i != victim);
        using var load = new SourceLoad(doris.Src, busy.Db);
        await Eventually.UntilAsync(async () => await DestCountAsync(busy) >= 20, Patience, "the busy job to apply the load");

        await victim.SignalAsync("KILL");
        var killed = Stopwatch.StartNew();
        await doris.Src.ExecuteAsync($"INSERT INTO `{busy.Db}`.`t` VALUES (900000, 1)");
        await Eventually.UntilAsync(async () => await DestCountAsync(busy, "id = 900000") == 1, Patience, "the marker row after the kill");
        var failover = killed.Elapsed;
        output.WriteLine($"failover after SIGKILL of the owner of a busy job: {failover.TotalMilliseconds:F0} ms");

        var after = await survivor.OwnersAsync();
        Assert.NotEqual(victim.Identity, after[busy.Name].Owner);
        Assert.True(after[busy.Name].Epoch > owners[busy.Name].Epoch, $"epoch {after[busy.Name].Epoch} after {owners[busy.Name].Epoch}");
        await load.StopAsync();
        await TableSyncChecks.WaitEqualAsync(doris.Src, busy.Db, "t", doris.Dest, busy.DestDb, "t", AllOutput);
        // Every job of the victim went to the two survivors, three each.
        await WaitSpreadAsync(survivor, _instances.Where(i => i != victim).ToList(), jobs.Count);
        Assert.True(failover < TimeSpan.FromSeconds(15), $"failover took {failover}");
    }

    [Fact]
    public async Task A_stopped_owner_that_lost_its_job_applies_nothing_when_continued_and_gives_the_job_up()
    {
        var (a, b) = (await StartAsync(), await StartAsync());
        var jobs = await CreateJobsAsync(a, 2);
        await WaitSpreadAsync(a, [a, b], jobs.Count);
        var job = jobs[0];
        var before = (await a.OwnersAsync())[job.Name];
        var stale = _instances.Single(i => i.Identity == before.Owner);
        var other = _instances.Single(i => i != stale);

        var load = new SourceLoad(doris.Src, job.Db);
        await Eventually.UntilAsync(async () => await DestCountAsync(job) >= 10, Patience, "the job to apply the load");
        await stale.SignalAsync("STOP");
        await Eventually.UntilAsync(async () => (await other.OwnersAsync())[job.Name].Owner == other.Identity, Patience, "another instance to take the job");
        await load.StopAsync();
        load.Dispose();
        await TableSyncChecks.WaitEqualAsync(doris.Src, job.Db, "t", doris.Dest, job.DestDb, "t", AllOutput);

        await stale.SignalAsync("CONT");
        await Eventually.UntilAsync(() => Task.FromResult(stale.Output.Contains("lease lapsed", StringComparison.Ordinal)), Patience,
            "the continued instance to notice its lapsed lease");
        // New rows keep flowing through the new owner; the continued instance must not apply its stale work on top.
        await doris.Src.ExecuteAsync($"INSERT INTO `{job.Db}`.`t` VALUES (800000, 1), (800001, 2)");
        await TableSyncChecks.WaitEqualAsync(doris.Src, job.Db, "t", doris.Dest, job.DestDb, "t", AllOutput);
        // One more round of check-ins on the continued instance, then the counts must still match exactly.
        await Eventually.UntilAsync(async () => (await stale.GetAsync("/healthz")).GetProperty("lease_age_seconds").GetDouble() < 1, Patience,
            "the continued instance to renew its lease");
        Assert.Equal(await SourceCountAsync(job), await DestCountAsync(job));
        Assert.Contains("stopped", stale.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_joining_instance_receives_a_share_and_a_non_owner_redirects_curl_to_the_owner()
    {
        var a = await StartAsync();
        var jobs = await CreateJobsAsync(a, 4);
        Assert.All((await a.OwnersAsync()).Values, o => Assert.Equal(a.Identity, o.Owner));
        var joined = await StartAsync();
        await WaitSpreadAsync(a, [a, joined], jobs.Count);
        // The store says so first; the instance reports it once it has reconciled at its next check-in.
        await Eventually.UntilAsync(async () => (await joined.GetAsync("/healthz")).GetProperty("owned_jobs").GetInt32() == 2
            && (await joined.Http.GetStringAsync("/metrics")).Contains("ccr_syncer_owned_jobs 2\n", StringComparison.Ordinal), Patience,
            "the joined instance to run its share");
        Assert.True((await a.GetAsync("/healthz")).GetProperty("is_leader").GetBoolean());
        Assert.False((await joined.GetAsync("/healthz")).GetProperty("is_leader").GetBoolean());

        var owners = await a.OwnersAsync();
        var remote = owners.First(o => o.Value.Owner == joined.Identity).Key;
        var redirect = await ProcessRunner.RunAsync("curl", ["-sS", "-o", "/dev/null", "-w", "%{http_code} %{redirect_url}", "-X", "POST",
            "-d", $"{{\"name\":\"{remote}\"}}", $"http://127.0.0.1:{a.Port}/job_status"], TimeSpan.FromSeconds(30));
        Assert.Equal($"307 http://{joined.Identity}/job_status", redirect.StandardOutput.Trim());
        var followed = await ProcessRunner.RunAsync("curl", ["-sS", "-L", "--post303", "-X", "POST", "-H", "Content-Type: application/json",
            "-d", $"{{\"name\":\"{remote}\"}}", $"http://127.0.0.1:{a.Port}/job_status"], TimeSpan.FromSeconds(30));
        Assert.True(followed.Succeeded, followed.ToString());
        Assert.Contains("\"success\":true", followed.StandardOutput, StringComparison.Ordinal);
        Assert.Contains($"\"name\":\"{remote}\"", followed.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_mariadb_restart_mid_load_pauses_the_jobs_and_they_resume_without_loss_or_duplicates()
    {
        var (a, b) = (await StartAsync(), await StartAsync());
        var jobs = await CreateJobsAsync(a, 2);
        await WaitSpreadAsync(a, [a, b], jobs.Count);
        var loads = jobs.Select(j => new SourceLoad(doris.Src, j.Db)).ToList();
        try
        {
            await Eventually.UntilAsync(async () => (await Task.WhenAll(jobs.Select(j => DestCountAsync(j)))).All(n => n >= 10), Patience,
                "both jobs to apply the load");
            var stopped = Stopwatch.StartNew();
            await server.RestartAsync();
            output.WriteLine($"MariaDB was down for {stopped.ElapsedMilliseconds} ms");
            await Eventually.UntilAsync(() => Task.FromResult(new[] { a, b }.All(i => i.Output.Contains("job store reachable again", StringComparison.Ordinal))),
                Patience, "both instances to check in again");
        }
        finally
        {
            foreach (var load in loads)
            {
                await load.StopAsync();
                load.Dispose();
            }
        }
        foreach (var job in jobs) await TableSyncChecks.WaitEqualAsync(doris.Src, job.Db, "t", doris.Dest, job.DestDb, "t", AllOutput);
        var owners = await a.OwnersAsync();
        Assert.All(jobs, j => Assert.Contains(owners[j.Name].Owner, new[] { a.Identity, b.Identity }));
    }

    private string AllOutput() => string.Join("\n", _instances.Select(i => $"--- {i.Identity} ---\n{i.Output}"));

    private async Task<SyncerProcess> StartAsync()
    {
        var instance = await SyncerProcess.StartAsync(_install, server, KeyFile);
        _instances.Add(instance);
        return instance;
    }

    private async Task<List<HaJob>> CreateJobsAsync(SyncerProcess via, int count)
    {
        var jobs = new List<HaJob>();
        for (var i = 0; i < count; i++)
        {
            var job = new HaJob(MiniDorisCluster.UniqueName("ha_job"), MiniDorisCluster.UniqueName("ha_src"), MiniDorisCluster.UniqueName("ha_dest"));
            await TableSyncChecks.CreateSourceAsync(doris.Src, job.Db, "t", rows: ["(1, 1)", "(2, 2)"]);
            await via.CallAsync("/create_ccr", new { name = job.Name, src = doris.Src.Spec(job.Db, "t"), dest = doris.Dest.Spec(job.DestDb, "t") });
            jobs.Add(job);
        }
        foreach (var job in jobs) await TableSyncChecks.WaitEqualAsync(doris.Src, job.Db, "t", doris.Dest, job.DestDb, "t", AllOutput);
        return jobs;
    }

    /// <summary>Until every job is owned by one of <paramref name="live"/> and no two of them differ by more than one job.</summary>
    private static Task WaitSpreadAsync(SyncerProcess asked, IReadOnlyList<SyncerProcess> live, int jobs) =>
        Eventually.UntilAsync(async () =>
        {
            var owners = await asked.OwnersAsync();
            if (owners.Count != jobs) return false;
            var counts = live.Select(i => owners.Values.Count(o => o.Owner == i.Identity)).ToList();
            return counts.Sum() == jobs && counts.Max() - counts.Min() <= 1;
        }, Patience, $"{jobs} jobs spread over {live.Count} instances");

    private async Task<long> DestCountAsync(HaJob job, string where = "1 = 1")
    {
        try
        {
            var count = await doris.Dest.QueryColumnAsync($"SELECT COUNT(*) AS n FROM `{job.DestDb}`.`t` WHERE {where}", "n");
            return long.Parse(count[0]!, CultureInfo.InvariantCulture);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // The target table may be between a full sync's drop and restore.
            return -1;
        }
    }

    private async Task<long> SourceCountAsync(HaJob job) =>
        long.Parse((await doris.Src.QueryColumnAsync($"SELECT COUNT(*) AS n FROM `{job.Db}`.`t`", "n"))[0]!, CultureInfo.InvariantCulture);

    private sealed record HaJob(string Name, string Db, string DestDb);

    /// <summary>Inserts rows with increasing ids into <c>db.t</c> back to back until stopped: a busy source table.</summary>
    private sealed class SourceLoad : IDisposable
    {
        private readonly CancellationTokenSource _stop = new();
        private readonly Task _loop;

        public SourceLoad(MiniDorisCluster src, string db)
        {
            _loop = Task.Run(async () =>
            {
                for (var id = 1000; !_stop.IsCancellationRequested; id += 2)
                    await src.ExecuteAsync($"INSERT INTO `{db}`.`t` VALUES ({id}, {id}), ({id + 1}, {id})");
            });
        }

        public async Task StopAsync()
        {
            await _stop.CancelAsync();
            await _loop;
        }

        public void Dispose()
        {
            _stop.Cancel();
            _stop.Dispose();
        }
    }
}
