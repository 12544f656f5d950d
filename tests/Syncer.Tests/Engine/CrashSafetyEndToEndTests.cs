using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using Syncer.Doris.Sql;
using Syncer.Tests.Support;

namespace Syncer.Tests.Engine;

/// <summary>
/// The core promise: a syncer killed with SIGKILL at any moment — during the full sync or while applying loads — and
/// started again neither loses nor duplicates data. The job replicates a DUPLICATE table (where a load applied twice
/// shows as extra rows) while a writer keeps loading the source and the syncer process is killed and restarted again
/// and again; afterwards the target equals the source row for row.
/// </summary>
[Trait("Category", "EndToEnd")]
public sealed class CrashSafetyEndToEndTests(MiniDorisPair doris, Xunit.Abstractions.ITestOutputHelper output) : IClassFixture<MiniDorisPair>, IDisposable
{
    private readonly SyncerInstall _install = new();

    public void Dispose() => _install.Dispose();

    [Fact]
    public async Task Sigkill_at_random_moments_loses_and_duplicates_nothing()
    {
        var db = MiniDorisCluster.UniqueName("crash");
        var destDb = MiniDorisCluster.UniqueName("crash_bak");
        await doris.Src.ExecuteAsync(
            $"CREATE DATABASE {db}",
            $"CREATE TABLE {db}.events (id INT, v INT) DUPLICATE KEY(id) DISTRIBUTED BY HASH(id) BUCKETS 3 PROPERTIES (\"replication_num\" = \"1\", {MiniDorisCluster.BinlogOn})");
        var nextId = 0;
        for (var i = 0; i < 10; i++) await doris.Src.ExecuteAsync(Insert(db, ref nextId));

        var port = TestPorts.GetFree();
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(30) };
        var syncer = await _install.StartServingAsync(port);
        try
        {
            var created = await http.PostAsJsonAsync("/create_ccr",
                new { name = "events_sync", src = doris.Src.Spec(db, "events"), dest = doris.Dest.Spec(destDb, "events") });
            Assert.Contains("\"success\":true", await created.Content.ReadAsStringAsync(), StringComparison.Ordinal);

            using var writing = new CancellationTokenSource();
            var writer = Task.Run(async () =>
            {
                for (var i = 0; i < 60; i++)
                {
                    await doris.Src.ExecuteAsync(Insert(db, ref nextId));
                    await Task.Delay(Random.Shared.Next(5, 40));
                }
            });
            // The first kills land inside the full sync, the later ones among the incremental applies.
            var delays = new[] { 30, 120, 300, 200, 500, 80, 700, 250, 400, 150 };
            foreach (var delay in delays)
            {
                await Task.Delay(delay + Random.Shared.Next(0, 100));
                syncer.Kill();
                await syncer.WaitForExitAsync();
                syncer.Dispose();
                syncer = await _install.StartServingAsync(port);
            }
            await writer;

            await WaitEqualAsync(db, destDb, syncer);
            // A restore already holds every row while its last step (swap, ids, switch to incremental) is still running.
            var state = await Eventually.UntilAsync(async () =>
            {
                using var status = await http.PostAsJsonAsync("/job_status", new { name = "events_sync" });
                using var body = JsonDocument.Parse(await status.Content.ReadAsStringAsync());
                return body.RootElement.GetProperty("status").GetProperty("progress_state").GetString();
            }, s => s == "TableIncrementalSync", "the job to reach incremental sync", TimeSpan.FromSeconds(60));
            Assert.Equal("TableIncrementalSync", state);
            // What the kills interrupted, for whoever reads the test output.
            var log = await File.ReadAllLinesAsync(Path.Combine(_install.Home, "log", "ccr_syncer.log"));
            foreach (var marker in new[] { "backing up", "restoring", "sync done", "was already applied", "aborting transaction", "step failed" })
                output.WriteLine($"{marker}: {log.Count(l => l.Contains(marker, StringComparison.Ordinal))}");
        }
        finally
        {
            if (!syncer.HasExited) syncer.Kill();
            syncer.Dispose();
        }
    }

    private static string Insert(string db, ref int nextId)
    {
        var rows = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            nextId++;
            rows.Add(string.Create(CultureInfo.InvariantCulture, $"({nextId}, {nextId * 7})"));
        }
        return $"INSERT INTO {db}.events VALUES {string.Join(", ", rows)}";
    }


    private async Task WaitEqualAsync(string db, string destDb, System.Diagnostics.Process syncer)
    {
        var source = await RowsAsync(doris.Src, db);
        IReadOnlyList<string> target = [];
        try
        {
            await Eventually.UntilAsync(async () =>
            {
                try
                {
                    target = await RowsAsync(doris.Dest, destDb);
                }
                catch (DorisSqlException)
                {
                    return false;
                }
                return target.Count >= source.Count;
            }, TimeSpan.FromSeconds(120), "the target to catch up");
        }
        catch (TimeoutException)
        {
            Assert.Fail($"target has {target.Count} rows, source {source.Count}; syncer {(syncer.HasExited ? "exited" : "running")}\n"
                        + await File.ReadAllTextAsync(Path.Combine(_install.Home, "log", "ccr_syncer.log")));
        }
        Assert.Equal(source, target);
    }

    private static async Task<IReadOnlyList<string>> RowsAsync(MiniDorisCluster cluster, string db)
    {
        var sql = $"SELECT id, v FROM {db}.events ORDER BY id, v";
        var ids = await cluster.QueryColumnAsync(sql, "id");
        var values = await cluster.QueryColumnAsync(sql, "v");
        return ids.Zip(values, (i, v) => $"{i}:{v}").ToList();
    }
}
