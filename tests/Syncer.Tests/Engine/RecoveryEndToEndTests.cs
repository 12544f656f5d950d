using System.Globalization;
using Syncer.Tests.Support;

namespace Syncer.Tests.Engine;

/// <summary>
/// The ways a table job gets out of trouble, end to end: a binlog the target refuses is shown in /job_status until an
/// operator skips it (/job_skip_binlog) or the job has skip_error; /force_fullsync resyncs a running job; a target table
/// with another schema is restored beside it and swapped in when atomic restore is off; a snapshot that expired before
/// its restore leads to a new backup instead of an endless retry.
/// </summary>
[Trait("Category", "EndToEnd")]
public sealed class RecoveryEndToEndTests(MiniDorisPair doris) : IClassFixture<MiniDorisPair>, IAsyncLifetime
{
    private RunningSyncer? _syncer;

    private MiniDorisCluster Src => doris.Src;

    private MiniDorisCluster Dest => doris.Dest;

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        await Src.ExecuteAsync("ADMIN SET FRONTEND CONFIG (\"minidoris.fault.clear\" = \"all\")");
        await Dest.ExecuteAsync("ADMIN SET FRONTEND CONFIG (\"minidoris.fault.clear\" = \"all\")");
        if (_syncer is not null) await _syncer.DisposeAsync();
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_refused_binlog_stops_the_job_visibly_until_it_is_skipped(bool skipError)
    {
        _syncer = await RunningSyncer.StartAsync();
        var (db, destDb, job) = await StartJobAsync();
        // The target already has the column the source is about to add: replaying ADD COLUMN is refused.
        await Dest.ExecuteAsync($"ALTER TABLE {destDb}.events ADD COLUMN c INT NULL");
        if (skipError) await _syncer.CallAsync("/update_job", new { name = job, skip_error = true });
        await Src.ExecuteAsync($"ALTER TABLE {db}.events ADD COLUMN c INT NULL", $"INSERT INTO {db}.events VALUES (5, 5, 50)");

        if (!skipError)
        {
            await Eventually.UntilAsync(async () => Status(await _syncer.CallAsync("/job_status", new { name = job }), "last_error") is not null,
                TableSyncChecks.Patience, "the refusal to show in job_status");
            var status = await _syncer.CallAsync("/job_status", new { name = job });
            Assert.Contains("exists", Status(status, "last_error"), StringComparison.OrdinalIgnoreCase);
            var seq = status.GetProperty("status").GetProperty("commit_seq").GetInt64();
            Assert.True(status.GetProperty("status").GetProperty("failed_attempts").GetInt32() >= 1);
            Assert.True((await _syncer.CallAsync("/job_skip_binlog", new { name = job, commit_seq = seq })).GetProperty("success").GetBoolean());
        }
        await TableSyncChecks.WaitEqualAsync(Src, db, "events", Dest, destDb, "events", () => _syncer.Log.Text);
        Assert.Equal(await Src.QueryRowsAsync($"SELECT * FROM {db}.events ORDER BY 1, 2"), await Dest.QueryRowsAsync($"SELECT * FROM {destDb}.events ORDER BY 1, 2"));
        Assert.Null(Status(await _syncer.CallAsync("/job_status", new { name = job }), "last_error"));
    }

    [Fact]
    public async Task Force_fullsync_syncs_a_running_job_again()
    {
        _syncer = await RunningSyncer.StartAsync();
        var (db, destDb, job) = await StartJobAsync();
        Assert.True((await _syncer.CallAsync("/force_fullsync", new { name = job })).GetProperty("success").GetBoolean());
        await Eventually.UntilAsync(() => Task.FromResult(TableSyncChecks.FullSyncs(_syncer) == 2), TableSyncChecks.Patience, "a second full sync");
        await Src.ExecuteAsync($"INSERT INTO {db}.events VALUES (7, 7)");
        await TableSyncChecks.WaitEqualAsync(Src, db, "events", Dest, destDb, "events", () => _syncer.Log.Text);
    }

    [Fact]
    public async Task Without_atomic_restore_a_target_with_another_schema_is_restored_beside_it_and_swapped_in()
    {
        _syncer = await RunningSyncer.StartAsync(configure: o => o.Features.AtomicRestore = false);
        var db = MiniDorisCluster.UniqueName("alias");
        var destDb = MiniDorisCluster.UniqueName("alias_bak");
        await TableSyncChecks.CreateSourceAsync(Src, db, "events", rows: ["(1, 1)", "(2, 2)"]);
        await Dest.ExecuteAsync($"CREATE DATABASE {destDb}",
            $"CREATE TABLE {destDb}.events (id INT, name VARCHAR(20)) DUPLICATE KEY(id) DISTRIBUTED BY HASH(id) BUCKETS 1 PROPERTIES (\"replication_num\" = \"1\")",
            $"INSERT INTO {destDb}.events VALUES (9, 'stale')");
        await _syncer.CreateAsync(new
        {
            name = MiniDorisCluster.UniqueName("alias"), src = Src.Spec(db, "events"), dest = Dest.Spec(destDb, "events"), allow_table_exists = true,
        });
        await TableSyncChecks.WaitEqualAsync(Src, db, "events", Dest, destDb, "events", () => _syncer.Log.Text);
        Assert.Contains("has another schema; restoring into __ccr_events_", _syncer.Log.Text, StringComparison.Ordinal);
        Assert.DoesNotContain(await Dest.QueryColumnAsync($"SHOW TABLES FROM {destDb}", $"Tables_in_{destDb}"), t => t!.StartsWith("__ccr_", StringComparison.Ordinal));
        await Src.ExecuteAsync($"INSERT INTO {db}.events VALUES (3, 3)");
        await TableSyncChecks.WaitEqualAsync(Src, db, "events", Dest, destDb, "events", () => _syncer.Log.Text);
    }

    [Fact]
    public async Task A_snapshot_that_expired_before_its_restore_leads_to_a_new_backup()
    {
        _syncer = await RunningSyncer.StartAsync();
        var db = MiniDorisCluster.UniqueName("expired");
        var destDb = MiniDorisCluster.UniqueName("expired_bak");
        await TableSyncChecks.CreateSourceAsync(Src, db, "events", rows: ["(1, 1)"]);
        await Dest.ExecuteAsync("ADMIN SET FRONTEND CONFIG (\"minidoris.fault.job.restore\" = \"hold\")");
        await _syncer.CreateAsync(new { name = MiniDorisCluster.UniqueName("expired"), src = Src.Spec(db, "events"), dest = Dest.Spec(destDb, "events") });
        await Eventually.UntilAsync(async () => (await Dest.QueryColumnAsync($"SHOW RESTORE FROM {destDb}", "Label")).Count > 0,
            TableSyncChecks.Patience, "the restore to start");
        var snapshot = (await Src.QueryColumnAsync($"SHOW BACKUP FROM {db}", "SnapshotName")).Single()!;
        // The held restore fails once; by then its snapshot has expired on the source.
        await Src.ExecuteAsync($"ADMIN SET FRONTEND CONFIG (\"minidoris.fault.expire_snapshot\" = \"{snapshot}\")");
        await Dest.ExecuteAsync("ADMIN SET FRONTEND CONFIG (\"minidoris.fault.job.restore\" = \"fail:injected,times:1\")");
        await TableSyncChecks.WaitEqualAsync(Src, db, "events", Dest, destDb, "events", () => _syncer.Log.Text);
        Assert.Equal(2, (await Src.QueryColumnAsync($"SHOW BACKUP FROM {db}", "SnapshotName")).Distinct().Count());
        Assert.Contains("the sync starts again from a new backup", _syncer.Log.Text, StringComparison.Ordinal);
    }

    private async Task<(string Db, string DestDb, string Job)> StartJobAsync()
    {
        var db = MiniDorisCluster.UniqueName("recover");
        var destDb = MiniDorisCluster.UniqueName("recover_bak");
        await TableSyncChecks.CreateSourceAsync(Src, db, "events", rows: ["(1, 1)", "(2, 2)"]);
        var job = MiniDorisCluster.UniqueName("recover");
        await _syncer!.CreateAsync(new { name = job, src = Src.Spec(db, "events"), dest = Dest.Spec(destDb, "events") });
        await TableSyncChecks.WaitEqualAsync(Src, db, "events", Dest, destDb, "events", () => _syncer.Log.Text);
        await TableSyncChecks.WaitCaughtUpAsync(_syncer, job);
        return (db, destDb, job);
    }

    private static string? Status(System.Text.Json.JsonElement answer, string field) =>
        answer.GetProperty("status").TryGetProperty(field, out var value) ? value.ToString() : null;
}
