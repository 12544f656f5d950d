using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using Syncer.Tests.Support;

namespace Syncer.Tests.Engine;

/// <summary>
/// One-shot migrations (<c>"mode": "once"</c>) of table jobs, end to end: full sync, incremental sync up to the source's
/// commit seq at creation, then <c>done</c> with a row-count summary — also when the syncer process is killed midway and
/// started again (the goal recorded at creation does not move), and also while writers keep loading the source.
/// </summary>
[Trait("Category", "EndToEnd")]
public sealed class OnceMigrationEndToEndTests(MiniDorisPair doris) : IClassFixture<MiniDorisPair>, IAsyncLifetime
{
    private readonly SyncerInstall _install = new();

    private MiniDorisCluster Src => doris.Src;

    private MiniDorisCluster Dest => doris.Dest;

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        await Src.ExecuteAsync("ADMIN SET FRONTEND CONFIG (\"minidoris.fault.clear\" = \"all\")");
        _install.Dispose();
    }

    [Fact]
    public async Task A_one_shot_table_migration_killed_midway_ends_done_with_equal_counts_and_the_same_goal()
    {
        var db = MiniDorisCluster.UniqueName("once");
        var destDb = MiniDorisCluster.UniqueName("once_bak");
        await TableSyncChecks.CreateSourceAsync(Src, db, "orders", rows: ["(1, 10)", "(2, 20)", "(3, 30)"]);
        await Src.ExecuteAsync($"INSERT INTO {db}.orders VALUES (4, 40)", $"INSERT INTO {db}.orders VALUES (5, 50)");
        var port = TestPorts.GetFree();
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(30) };
        // The backup does not finish until released: the syncer is killed while the migration is in its full sync.
        await Src.ExecuteAsync("ADMIN SET FRONTEND CONFIG (\"minidoris.fault.job.backup\" = \"hold\")");
        var syncer = await _install.StartServingAsync(port);
        try
        {
            var job = MiniDorisCluster.UniqueName("migrate");
            var created = await Call(http, "/create_ccr", new { name = job, src = Src.Spec(db, "orders"), dest = Dest.Spec(destDb, "orders"), mode = "once" });
            Assert.True(created.GetProperty("success").GetBoolean(), created.ToString());
            var goal = await GoalAsync(http, job);
            Assert.True(goal > 0, "the goal is the source's last commit seq at creation");
            await Eventually.UntilAsync(async () => (await Src.QueryColumnAsync($"SHOW BACKUP FROM {db}", "State")).Count > 0,
                TableSyncChecks.Patience, "the backup to start");

            syncer.Kill();
            await syncer.WaitForExitAsync();
            syncer.Dispose();
            syncer = await _install.StartServingAsync(port);
            Assert.Equal(goal, await GoalAsync(http, job));
            await Src.ExecuteAsync("ADMIN SET FRONTEND CONFIG (\"minidoris.fault.job.backup\" = \"off\")");

            var status = await WaitDoneAsync(http, job);
            Assert.Equal("once", status.GetProperty("mode").GetString());
            var summary = status.GetProperty("summary");
            Assert.True(summary.GetProperty("rows_match").GetBoolean(), summary.ToString());
            Assert.Equal(goal, summary.GetProperty("goal_commit_seq").GetInt64());
            Assert.True(summary.GetProperty("duration_seconds").GetDouble() > 0);
            var table = Assert.Single(summary.GetProperty("tables").EnumerateArray());
            Assert.Equal(("orders", "orders", 5L, 5L), (table.GetProperty("source_table").GetString(), table.GetProperty("target_table").GetString(),
                table.GetProperty("source_rows").GetInt64(), table.GetProperty("target_rows").GetInt64()));
            Assert.Equal(await TableSyncChecks.RowsAsync(Src, db, "orders"), await TableSyncChecks.RowsAsync(Dest, destDb, "orders"));

            var list = await Call(http, "/list_jobs", new { });
            Assert.Equal("done", list.GetProperty("job_states").GetProperty(job).GetString());
            Assert.Contains($"ccr_job_state{{job=\"{job}\",state=\"done\"}} 1", await http.GetStringAsync("/metrics"), StringComparison.Ordinal);
            var resumed = await Call(http, "/resume", new { name = job });
            Assert.False(resumed.GetProperty("success").GetBoolean());

            // A done job stays done across a restart: nothing is backed up again.
            syncer.Kill();
            await syncer.WaitForExitAsync();
            syncer.Dispose();
            syncer = await _install.StartServingAsync(port);
            Assert.Equal("done", (await Call(http, "/job_status", new { name = job })).GetProperty("status").GetProperty("state").GetString());
            Assert.Single((await Src.QueryColumnAsync($"SHOW BACKUP FROM {db}", "SnapshotName")).Distinct());
        }
        finally
        {
            if (!syncer.HasExited) syncer.Kill();
            syncer.Dispose();
        }
    }

    [Fact]
    public async Task A_one_shot_database_migration_of_filtered_tables_killed_midway_ends_done_with_equal_counts()
    {
        var db = MiniDorisCluster.UniqueName("oncedb");
        var destDb = MiniDorisCluster.UniqueName("oncedb_bak");
        await DatabaseSyncChecks.CreateSourceAsync(Src, db,
            DatabaseSyncChecks.Table(db, "orders"), DatabaseSyncChecks.Table(db, "customers"), DatabaseSyncChecks.Table(db, "scratch_tmp"),
            $"INSERT INTO {db}.orders VALUES (1, 1), (2, 2), (3, 3)", $"INSERT INTO {db}.customers VALUES (1, 1)",
            $"INSERT INTO {db}.scratch_tmp VALUES (9, 9)", $"INSERT INTO {db}.orders VALUES (4, 4)");
        var port = TestPorts.GetFree();
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(30) };
        await Src.ExecuteAsync("ADMIN SET FRONTEND CONFIG (\"minidoris.fault.job.backup\" = \"hold\")");
        var syncer = await _install.StartServingAsync(port);
        try
        {
            var job = MiniDorisCluster.UniqueName("migrate_db");
            var created = await Call(http, "/create_ccr", new
            {
                name = job, src = Src.Spec(db), dest = Dest.Spec(destDb), mode = "once", exclude_tables = new[] { "*_tmp" },
            });
            Assert.True(created.GetProperty("success").GetBoolean(), created.ToString());
            var goal = await GoalAsync(http, job);
            await Eventually.UntilAsync(async () => (await Src.QueryColumnAsync($"SHOW BACKUP FROM {db}", "State")).Count > 0,
                TableSyncChecks.Patience, "the backup to start");
            syncer.Kill();
            await syncer.WaitForExitAsync();
            syncer.Dispose();
            syncer = await _install.StartServingAsync(port);
            Assert.Equal(goal, await GoalAsync(http, job));
            await Src.ExecuteAsync("ADMIN SET FRONTEND CONFIG (\"minidoris.fault.job.backup\" = \"off\")");

            var summary = (await WaitDoneAsync(http, job)).GetProperty("summary");
            Assert.True(summary.GetProperty("rows_match").GetBoolean(), summary.ToString());
            var tables = summary.GetProperty("tables").EnumerateArray()
                .Select(t => $"{t.GetProperty("source_table").GetString()}:{t.GetProperty("source_rows").GetInt64()}:{t.GetProperty("target_rows").GetInt64()}")
                .ToList();
            Assert.Equal(["customers:1:1", "orders:4:4"], tables);
            Assert.Equal(["customers", "orders"], await DatabaseSyncChecks.ObjectsAsync(Dest, destDb));
        }
        finally
        {
            if (!syncer.HasExited) syncer.Kill();
            syncer.Dispose();
        }
    }

    [Fact]
    public async Task A_one_shot_migration_ends_at_its_goal_while_writers_keep_loading_and_then_applies_nothing_more()
    {
        await using var syncer = await RunningSyncer.StartAsync();
        var db = MiniDorisCluster.UniqueName("busy");
        var destDb = MiniDorisCluster.UniqueName("busy_bak");
        await TableSyncChecks.CreateSourceAsync(Src, db, "orders", rows: ["(1, 1)", "(2, 2)"]);
        await TableSyncChecks.CreateSourceAsync(Src, db, "probe");
        var job = MiniDorisCluster.UniqueName("busy");
        await syncer.CreateAsync(new { name = job, src = Src.Spec(db, "orders"), dest = Dest.Spec(destDb, "orders"), mode = "once" });

        // Loads never stop until the job is done: it ends because it reached the goal, not because it caught up.
        using var stop = new CancellationTokenSource();
        var next = 100;
        var writer = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                await Src.ExecuteAsync(string.Create(CultureInfo.InvariantCulture, $"INSERT INTO {db}.orders VALUES ({next}, {next})"));
                next++;
            }
        });
        JsonElement status;
        try
        {
            status = await WaitDoneAsync(syncer.Http, job);
        }
        finally
        {
            await stop.CancelAsync();
            await writer;
        }
        var target = await TableSyncChecks.RowsAsync(Dest, destDb, "orders");
        Assert.Contains("1:1", target);
        Assert.Contains("2:2", target);
        var table = status.GetProperty("summary").GetProperty("tables")[0];
        Assert.True(table.GetProperty("source_rows").GetInt64() >= table.GetProperty("target_rows").GetInt64());
        Assert.Equal(target.Count, table.GetProperty("target_rows").GetInt64());

        // Loads after done never reach the target: a continuous job started afterwards on the same source shows that the
        // source's binlogs had every chance to be picked up.
        await Src.ExecuteAsync($"INSERT INTO {db}.orders VALUES (-1, -1)", $"INSERT INTO {db}.probe VALUES (1, 1)");
        var probe = MiniDorisCluster.UniqueName("probe");
        await syncer.CreateAsync(new { name = probe, src = Src.Spec(db, "probe"), dest = Dest.Spec(destDb, "probe") });
        await Src.ExecuteAsync($"INSERT INTO {db}.probe VALUES (2, 2)");
        await TableSyncChecks.WaitEqualAsync(Src, db, "probe", Dest, destDb, "probe", () => syncer.Log.Text);
        Assert.Equal(target, await TableSyncChecks.RowsAsync(Dest, destDb, "orders"));
        Assert.Equal("done", (await syncer.CallAsync("/job_status", new { name = job })).GetProperty("status").GetProperty("state").GetString());
    }

    private static async Task<JsonElement> WaitDoneAsync(HttpClient http, string job)
    {
        JsonElement status = default;
        await Eventually.UntilAsync(async () =>
        {
            status = (await Call(http, "/job_status", new { name = job })).GetProperty("status");
            return status.GetProperty("state").GetString() == "done";
        }, TableSyncChecks.Patience, $"job {job} to be done");
        return status;
    }

    private static async Task<long> GoalAsync(HttpClient http, string job)
    {
        var detail = (await Call(http, "/job_detail", new { name = job })).GetProperty("job_detail").GetString()!;
        using var doc = JsonDocument.Parse(detail);
        return doc.RootElement.GetProperty("once_goal_commit_seq").GetInt64();
    }

    private static async Task<JsonElement> Call(HttpClient http, string path, object body)
    {
        using var response = await http.PostAsJsonAsync(path, body);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }
}
