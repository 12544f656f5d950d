using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using Syncer.Tests.Support;

namespace Syncer.Tests.Engine;

/// <summary>
/// The crash promise for a database job: the real binary, killed with SIGKILL at random moments during the full sync of
/// five tables and while a writer loads them and runs table DDL (create, rename, drop, recreate, truncate, add column),
/// and started again each time, leaves the target database equal to the source — the same tables, and the same rows in
/// DUPLICATE tables, where a load applied twice would show as extra rows.
/// </summary>
[Trait("Category", "EndToEnd")]
public sealed class DatabaseCrashSafetyEndToEndTests(MiniDorisPair doris, Xunit.Abstractions.ITestOutputHelper output) : IClassFixture<MiniDorisPair>, IDisposable
{
    private readonly SyncerInstall _install = new();

    public void Dispose() => _install.Dispose();

    [Fact]
    public async Task Sigkill_during_a_database_job_with_ddl_loses_and_duplicates_nothing()
    {
        var db = MiniDorisCluster.UniqueName("dbcrash");
        var destDb = MiniDorisCluster.UniqueName("dbcrash_bak");
        var tables = new List<string> { "t1", "t2", "t3", "t4", "t5" };
        await DatabaseSyncChecks.CreateSourceAsync(doris.Src, db, [.. tables.Select(t => DatabaseSyncChecks.Table(db, t))]);
        var nextId = 0;
        foreach (var table in tables) await doris.Src.ExecuteAsync(Insert(db, table, ref nextId));

        var port = TestPorts.GetFree();
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(30) };
        var syncer = await _install.StartServingAsync(port);
        try
        {
            var created = await http.PostAsJsonAsync("/create_ccr", new { name = "db_sync", src = doris.Src.Spec(db), dest = doris.Dest.Spec(destDb) });
            Assert.Contains("\"success\":true", await created.Content.ReadAsStringAsync(), StringComparison.Ordinal);

            // The table DDL after the first creation waits until the job has finished its full sync, so that the later kills
            // land among incremental DDL and loads however slowly the machine restarts the syncer (on a busy machine the
            // whole kill schedule used to pass inside the full sync, which then backed up the finished source).
            var incremental = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var writer = Task.Run(async () =>
            {
                for (var i = 0; i < 60; i++)
                {
                    if (i == 16) await incremental.Task;
                    switch (i)
                    {
                        case 8:
                            await doris.Src.ExecuteAsync(DatabaseSyncChecks.Table(db, "t6"));
                            tables.Add("t6");
                            break;
                        case 16:
                            await doris.Src.ExecuteAsync($"ALTER TABLE {db}.t2 RENAME t2_renamed");
                            tables[tables.IndexOf("t2")] = "t2_renamed";
                            break;
                        case 24:
                            await doris.Src.ExecuteAsync($"DROP TABLE {db}.t5");
                            tables.Remove("t5");
                            break;
                        case 30:
                            // The same name again: a new table id that the syncer must create, not mistake for the dropped one.
                            await doris.Src.ExecuteAsync(DatabaseSyncChecks.Table(db, "t5"));
                            tables.Add("t5");
                            break;
                        case 38:
                            await doris.Src.ExecuteAsync($"TRUNCATE TABLE {db}.t4");
                            break;
                        case 46:
                            await doris.Src.ExecuteAsync($"ALTER TABLE {db}.t1 ADD COLUMN extra INT NULL");
                            break;
                    }
                    var table = tables[Random.Shared.Next(tables.Count)];
                    await doris.Src.ExecuteAsync(Insert(db, table, ref nextId));
                    await Task.Delay(Random.Shared.Next(5, 40));
                }
            });
            // The first kills land inside the full sync, the later ones among the incremental applies and the DDL.
            var delays = new[] { 30, 150, 300, 200, 500, 80, 700, 250, 400, 150, 600, 300 };
            for (var kill = 0; kill < delays.Length; kill++)
            {
                if (kill == 4)
                {
                    await Eventually.UntilAsync(async () => await StateAsync(http) is not ("DBFullSync" or null), TableSyncChecks.Patience,
                        "the job to finish its full sync between kills");
                    incremental.TrySetResult();
                }
                var delay = delays[kill];
                await Task.Delay(delay + Random.Shared.Next(0, 100));
                syncer.Kill();
                await syncer.WaitForExitAsync();
                syncer.Dispose();
                syncer = await _install.StartServingAsync(port);
            }
            await writer;
            // Plain incremental sync once everything is applied: no second full sync, no table left behind in a partial one.
            await Eventually.UntilAsync(async () => await StateAsync(http) == "DBIncrementalSync", TableSyncChecks.Patience,
                "the job to reach DBIncrementalSync");

            try
            {
                await DatabaseSyncChecks.WaitSameAsync(doris.Src, db, doris.Dest, destDb,
                    () => File.ReadAllText(Path.Combine(_install.Home, "log", "ccr_syncer.log")));
            }
            catch (Xunit.Sdk.XunitException)
            {
                // The persisted progress (table map, seqs) next to the log tells which binlog went wrong.
                output.WriteLine(await (await http.PostAsJsonAsync("/job_status", new { name = "db_sync" })).Content.ReadAsStringAsync());
                throw;
            }
            var log = await File.ReadAllLinesAsync(Path.Combine(_install.Home, "log", "ccr_syncer.log"));
            // Every crash is recovered from the checkpoint, never by syncing the database again.
            var fullSyncs = log.Where(l => l.Contains("starting a full sync", StringComparison.Ordinal) || l.Contains("): full sync:", StringComparison.Ordinal)).ToList();
            Assert.True(fullSyncs.Count == 0, $"full syncs after the first:\n{string.Join('\n', fullSyncs)}\n{string.Join('\n', log.TakeLast(300))}");
            foreach (var marker in new[] { "backing up", "restoring", "sync done", "was already applied", "already took effect", "step failed" })
                output.WriteLine($"{marker}: {log.Count(l => l.Contains(marker, StringComparison.Ordinal))}");
        }
        finally
        {
            if (!syncer.HasExited) syncer.Kill();
            syncer.Dispose();
        }
    }

    private static async Task<string?> StateAsync(HttpClient http)
    {
        using var response = await http.PostAsJsonAsync("/job_status", new { name = "db_sync" });
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return body.RootElement.TryGetProperty("status", out var status) ? status.GetProperty("progress_state").GetString() : null;
    }

    private static string Insert(string db, string table, ref int nextId)
    {
        var rows = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            nextId++;
            rows.Add(string.Create(CultureInfo.InvariantCulture, $"({nextId}, {nextId * 7})"));
        }
        return $"INSERT INTO {db}.{table} (id, v) VALUES {string.Join(", ", rows)}";
    }

}
