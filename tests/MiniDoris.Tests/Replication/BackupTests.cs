using System.Globalization;
using System.Text.Json.Nodes;
using Syncer.Doris.Thrift;

namespace MiniDoris.Tests.Replication;

/// <summary>BACKUP SNAPSHOT to __keep_on_local__, SHOW/CANCEL BACKUP and getSnapshot (docs/minidoris.md, "Backup").</summary>
[Trait("Category", "EndToEnd")]
public sealed class BackupTests : IClassFixture<ClusterPairFixture>, IAsyncLifetime
{
    private const string Prefix = "errCode = 2, detailMessage = ";
    private readonly ClusterPairFixture _pair;

    public BackupTests(ClusterPairFixture pair)
    {
        _pair = pair;
    }

    private DorisNode Source => _pair.Source;

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await Source.ClearFaultsAsync();

    private async Task CreateAsync(string db)
    {
        await Source.ExecAsync($"CREATE DATABASE {db} PROPERTIES (\"binlog.enable\" = \"true\")");
        await Source.ExecAsync($"""
            CREATE TABLE {db}.t (k INT, d DATE) DUPLICATE KEY(k)
            PARTITION BY RANGE(d) (PARTITION p1 VALUES LESS THAN ('2024-02-01'), PARTITION p2 VALUES LESS THAN ('2024-03-01'))
            DISTRIBUTED BY HASH(k) BUCKETS 2 PROPERTIES ("replication_num" = "2")
            """);
        await Source.ExecAsync($"CREATE TABLE {db}.u (k INT) DUPLICATE KEY(k) DISTRIBUTED BY HASH(k) BUCKETS 1 PROPERTIES (\"replication_num\" = \"1\")");
        await Source.ExecAsync($"CREATE VIEW {db}.v AS SELECT k FROM {db}.u");
        await Source.ExecAsync($"INSERT INTO {db}.t VALUES (1, '2024-01-01'), (2, '2024-02-02')");
        await Source.ExecAsync($"INSERT INTO {db}.u VALUES (7)");
    }

    [Fact]
    public async Task A_backup_walks_Doris_states_and_writes_one_barrier_per_table()
    {
        await CreateAsync("bk_states");
        await Source.SetFaultAsync("job.backup", "hold:SNAPSHOTING");
        var started = DateTime.UtcNow;
        await Source.ExecAsync("BACKUP SNAPSHOT bk_states.snap1 TO `__keep_on_local__` ON (`t` PARTITION (`p1`), `u`, `v`) PROPERTIES (\"type\" = \"full\")");
        var held = await FullSync.WaitBackupAsync(Source, "bk_states", "snap1", "SNAPSHOTING");
        var heldSeen = DateTime.UtcNow;
        var created = DorisTime.AssertBetween(held.GetStringOrNull("CreateTime"), started, heldSeen, "CreateTime");
        Assert.Null(held.GetStringOrNull("SnapshotFinishedTime"));
        var rs = await Source.QueryAsync("SHOW BACKUP FROM bk_states");
        Assert.Equal(
            ["JobId", "SnapshotName", "DbName", "State", "BackupObjs", "CreateTime", "SnapshotFinishedTime", "UploadFinishedTime", "FinishedTime",
             "UnfinishedTasks", "Progress", "TaskErrMsg", "Status", "Timeout"],
            rs.Columns.Select(c => c.Name));
        Assert.Equal("[`bk_states`.`t` PARTITIONS (p1)], [`bk_states`.`u`], [`bk_states`.`v`]", held.GetString("BackupObjs"));
        Assert.Null(held.GetStringOrNull("FinishedTime"));
        Assert.Equal("86400", held.GetString("Timeout"));
        Assert.Equal("[OK]", held.GetString("Status"));

        // One backup or restore at a time per db; another db is free.
        Assert.Equal(Prefix + "Can only run one backup or restore job of a database at same time",
            await Source.FailsAsync("BACKUP SNAPSHOT bk_states.snap2 TO `__keep_on_local__` ON (`u`)"));

        // Seeded with the state seen while held: once released, a daemon round may move on before the first poll.
        var seen = new List<string> { held.GetString("State") };
        var released = DateTime.UtcNow;
        await Source.SetFaultAsync("job.backup", "off");
        var done = await Eventually.UntilAsync(
            async () =>
            {
                var state = (await Source.QueryAsync("SHOW BACKUP FROM bk_states WHERE SnapshotName = \"snap1\"")).Rows.Single().GetString("State");
                if (seen.Count == 0 || seen[^1] != state)
                {
                    seen.Add(state);
                }

                return state;
            },
            st => st == "FINISHED", "backup to finish");
        Assert.Equal("FINISHED", done);
        Assert.Equal("SNAPSHOTING", seen[0]);
        var order = new[] { "SNAPSHOTING", "UPLOAD_SNAPSHOT", "UPLOADING", "SAVE_META", "UPLOAD_INFO", "FINISHED" };
        Assert.Equal(seen, seen.OrderBy(s => Array.IndexOf(order, s)));
        var finished = (await Source.QueryAsync("SHOW BACKUP FROM bk_states WHERE SnapshotName LIKE \"snap%\"")).Rows.Single();
        var finishedSeen = DateTime.UtcNow;
        // The job was held in SNAPSHOTING: every later step happened after the release, in Doris's order.
        Assert.Equal(created, DorisTime.Parse(finished.GetString("CreateTime")));
        var snapshotted = DorisTime.AssertBetween(finished.GetStringOrNull("SnapshotFinishedTime"), released, finishedSeen, "SnapshotFinishedTime");
        var uploaded = DorisTime.AssertBetween(finished.GetStringOrNull("UploadFinishedTime"), released, finishedSeen, "UploadFinishedTime");
        var done2 = DorisTime.AssertBetween(finished.GetStringOrNull("FinishedTime"), released, finishedSeen, "FinishedTime");
        Assert.True(snapshotted <= uploaded && uploaded <= done2, $"{snapshotted:O} <= {uploaded:O} <= {done2:O}");

        // job_info: the Doris keys, views apart, and each OLAP table's BARRIER binlog seq in table_commit_seq_map.
        var snapshot = await FullSync.GetSnapshotAsync(Source, "bk_states", "snap1");
        var info = JsonNode.Parse(snapshot.JobInfo!)!.AsObject();
        foreach (var key in new[] { "name", "database", "id", "backup_time", "content", "backup_objects", "new_backup_objects", "backup_result",
                     "meta_version", "tablet_be_map", "tablet_snapshot_path_map", "table_commit_seq_map" })
        {
            Assert.True(info.ContainsKey(key), key);
        }

        Assert.Equal("snap1", info["name"]!.GetValue<string>());
        Assert.Equal(["p1"], info["backup_objects"]!["t"]!["partitions"]!.AsObject().Select(p => p.Key));
        Assert.Equal(2, info["backup_objects"]!["t"]!["partitions"]!["p1"]!["version"]!.GetValue<long>());
        var index = info["backup_objects"]!["t"]!["partitions"]!["p1"]!["indexes"]!["t"]!;
        Assert.Equal(2, index["tablets_order"]!.AsArray().Count);
        Assert.Equal("v", info["new_backup_objects"]!["views"]![0]!["name"]!.GetValue<string>());
        var tabletIds = index["tablets"]!.AsObject().Select(t => t.Key).ToList();
        Assert.All(tabletIds, t => Assert.True(info["tablet_be_map"]!.AsObject().ContainsKey(t)));
        Assert.All(tabletIds, t => Assert.StartsWith("/minidoris/be_", info["tablet_snapshot_path_map"]![t]!.GetValue<string>()));

        var seqs = info["table_commit_seq_map"]!.AsObject();
        Assert.Equal(2, seqs.Count);
        var barriers = (await Source.Fe.GetBinlogAsync(new TGetBinlogRequest
        {
            User = "root", Passwd = string.Empty, Db = "bk_states", PrevCommitSeq = 0, NumAcquired = 100,
        }, CancellationToken.None)).Binlogs!.Where(b => b.Type == TBinlogType.BARRIER).ToList();
        Assert.Equal(2, barriers.Count);
        foreach (var barrier in barriers)
        {
            var tableId = barrier.TableIds!.Single().ToString(CultureInfo.InvariantCulture);
            Assert.Equal(barrier.CommitSeq, seqs[tableId]!.GetValue<long>());
            Assert.Equal(tableId, JsonNode.Parse(barrier.Data!)!["tableId"]!.GetValue<long>().ToString(CultureInfo.InvariantCulture));
        }

        Assert.True(snapshot.CommitSeq < barriers.Min(b => b.CommitSeq));
        Assert.True(snapshot.ExpiredAt > DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
    }

    [Fact]
    public async Task Backup_statement_errors()
    {
        await CreateAsync("bk_err");
        Assert.Equal(Prefix + "Repository repo1 does not exist", await Source.FailsAsync("BACKUP SNAPSHOT bk_err.s TO repo1 ON (t)"));
        Assert.Equal(Prefix + "Unknown table 'nope'", await Source.FailsAsync("BACKUP SNAPSHOT bk_err.s TO `__keep_on_local__` ON (nope)"));
        Assert.Equal(Prefix + "Unknown partition p9 in tablet", await Source.FailsAsync("BACKUP SNAPSHOT bk_err.s TO `__keep_on_local__` ON (t PARTITION (p9))"));
        Assert.Equal(Prefix + "Unknown backup job properties: [color]",
            await Source.FailsAsync("BACKUP SNAPSHOT bk_err.s TO `__keep_on_local__` ON (t) PROPERTIES (\"color\" = \"red\")"));
        Assert.Equal(Prefix + "timeout must be at least 10 min",
            await Source.FailsAsync("BACKUP SNAPSHOT bk_err.s TO `__keep_on_local__` ON (t) PROPERTIES (\"timeout\" = \"60\")"));
        Assert.Equal(Prefix + "No backup job is currently running", await Source.FailsAsync("CANCEL BACKUP FROM bk_err"));
        Assert.Equal(Prefix + "restore from the local repo via SQL call is not supported",
            await Source.FailsAsync("RESTORE SNAPSHOT bk_err.s FROM `__keep_on_local__` ON (t)"));
        await Source.ExecAsync("ALTER TABLE bk_err.t ADD TEMPORARY PARTITION tp VALUES LESS THAN ('2024-04-01')");
        Assert.Equal(Prefix + "Do not support backup table with temp partitions",
            await Source.FailsAsync("BACKUP SNAPSHOT bk_err.s TO `__keep_on_local__` ON (t)"));
    }

    [Fact]
    public async Task Cancel_backup_cancels_the_running_job()
    {
        await CreateAsync("bk_cancel");
        await Source.SetFaultAsync("job.backup", "hold:UPLOADING");
        await Source.ExecAsync("BACKUP SNAPSHOT bk_cancel.c1 TO `__keep_on_local__` ON (u)");
        await FullSync.WaitBackupAsync(Source, "bk_cancel", "c1", "UPLOADING");
        await Source.ExecAsync("CANCEL BACKUP FROM bk_cancel");
        var row = (await Source.QueryAsync("SHOW BACKUP FROM bk_cancel")).Rows.Single();
        Assert.Equal("CANCELLED", row.GetString("State"));
        Assert.Equal("[COMMON_ERROR, msg: user cancelled]", row.GetString("Status"));
        Assert.Equal(TStatusCode.SNAPSHOT_NOT_EXIST, (await GetSnapshot("bk_cancel", "c1")).Status!.StatusCode);
        Assert.Equal(Prefix + "Failed to cancel job: Job with label c1 can not be cancelled. state: CANCELLED",
            await Source.FailsAsync("CANCEL BACKUP FROM bk_cancel"));

        // A job can be failed by the job.backup fault too.
        await Source.SetFaultAsync("job.backup", "fail:disk full,times:1");
        await Source.ExecAsync("BACKUP SNAPSHOT bk_cancel.c2 TO `__keep_on_local__` ON (u)");
        var failed = await Eventually.UntilAsync(
            async () => (await Source.QueryAsync("SHOW BACKUP FROM bk_cancel WHERE SnapshotName = \"c2\"")).Rows.Single(),
            r => r.GetString("State") == "CANCELLED", "the failed backup");
        Assert.Equal("[COMMON_ERROR, msg: disk full]", failed.GetString("Status"));
        Assert.Equal(2, (await Source.QueryAsync("SHOW BACKUP FROM bk_cancel")).Rows.Count);
    }

    [Fact]
    public async Task A_job_delay_keeps_backups_in_their_state_while_other_jobs_run()
    {
        await CreateAsync("bk_delay");
        await FullSync.BackupAsync(Source, "bk_delay", "first", "`u`");
        var snapshot = await FullSync.GetSnapshotAsync(Source, "bk_delay", "first");
        await Source.SetFaultAsync("job.backup", "delay:600000");
        await Source.ExecAsync("BACKUP SNAPSHOT bk_delay.second TO `__keep_on_local__` ON (u)");

        // A restore (not delayed) runs through all its states meanwhile: many daemon rounds pass.
        await Source.ExecAsync("CREATE DATABASE bk_delay_copy");
        var request = FullSync.RestoreRequest("bk_delay_copy", "copy", snapshot.Meta!, await FullSync.WithExtraInfoAsync(Source, snapshot.JobInfo!));
        Assert.Equal(TStatusCode.OK, (await Source.Fe.RestoreSnapshotAsync(request, CancellationToken.None)).Status!.StatusCode);
        Assert.Equal("FINISHED", (await FullSync.WaitRestoreAsync(Source, "bk_delay_copy", "copy", "FINISHED")).GetString("State"));
        Assert.Equal(["7"], await Source.LinesAsync("SELECT * FROM bk_delay_copy.u"));
        Assert.Equal("PENDING", (await Source.QueryAsync("SHOW BACKUP FROM bk_delay WHERE SnapshotName = \"second\"")).Rows.Single().GetString("State"));

        await Source.SetFaultAsync("job.backup", "off");
        await FullSync.WaitBackupAsync(Source, "bk_delay", "second", "FINISHED");
    }

    [Fact]
    public async Task Get_snapshot_checks_its_request()
    {
        await CreateAsync("bk_get");
        Assert.Equal(TStatusCode.SNAPSHOT_NOT_EXIST, (await GetSnapshot("bk_get", "never")).Status!.StatusCode);
        Assert.Equal(["snapshot never not exist"], (await GetSnapshot("bk_get", "never")).Status!.ErrorMsgs);
        var missing = await Source.Fe.GetSnapshotAsync(new TGetSnapshotRequest { User = "root", Passwd = string.Empty, Db = "bk_get" }, CancellationToken.None);
        Assert.Equal([Prefix + "label_name is not set"], missing.Status!.ErrorMsgs);
        var remote = await Source.Fe.GetSnapshotAsync(new TGetSnapshotRequest
        {
            User = "root", Passwd = string.Empty, Db = "bk_get", LabelName = "x", SnapshotName = string.Empty, SnapshotType = TSnapshotType.REMOTE,
        }, CancellationToken.None);
        Assert.Equal(TStatusCode.ANALYSIS_ERROR, remote.Status!.StatusCode);
        var denied = await Source.Fe.GetSnapshotAsync(new TGetSnapshotRequest
        {
            User = "root", Passwd = "bad", Db = "bk_get", LabelName = "x", SnapshotName = string.Empty, SnapshotType = TSnapshotType.LOCAL,
        }, CancellationToken.None);
        Assert.Equal([Prefix + "Access denied for user 'root' (using password: YES)"], denied.Status!.ErrorMsgs);
    }

    private async Task<TGetSnapshotResult> GetSnapshot(string db, string label) =>
        await Source.Fe.GetSnapshotAsync(new TGetSnapshotRequest
        {
            User = "root", Passwd = string.Empty, Db = db, Table = string.Empty, LabelName = label, SnapshotName = string.Empty, SnapshotType = TSnapshotType.LOCAL,
        }, CancellationToken.None);
}
