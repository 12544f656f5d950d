using System.Text;
using System.Text.Json.Nodes;
using Syncer.Doris.Thrift;

namespace MiniDoris.Tests.Replication;

/// <summary>restoreSnapshot, the restore job and SHOW/CANCEL RESTORE (docs/minidoris.md, "Restore").</summary>
[Trait("Category", "EndToEnd")]
public sealed class RestoreTests : IClassFixture<ClusterPairFixture>, IAsyncLifetime
{
    private const string Prefix = "errCode = 2, detailMessage = ";
    private readonly ClusterPairFixture _pair;

    public RestoreTests(ClusterPairFixture pair)
    {
        _pair = pair;
    }

    private DorisNode Source => _pair.Source;

    private DorisNode Target => _pair.Target;

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        await Source.ClearFaultsAsync();
        await Target.ClearFaultsAsync();
    }

    /// <summary>A source db with table t (2 partitions) holding rows, backed up as label; the target db exists.</summary>
    private async Task<TGetSnapshotResult> SnapshotAsync(string db, string label, string rows = "(1, '2024-01-01', 'a'), (2, '2024-02-02', 'b')")
    {
        await Source.ExecAsync($"CREATE DATABASE {db}");
        await Source.ExecAsync($"""
            CREATE TABLE {db}.t (k INT, d DATE, v VARCHAR(10)) DUPLICATE KEY(k)
            PARTITION BY RANGE(d) (PARTITION p1 VALUES LESS THAN ('2024-02-01'), PARTITION p2 VALUES LESS THAN ('2024-03-01'))
            DISTRIBUTED BY HASH(k) BUCKETS 2 PROPERTIES ("replication_num" = "1")
            """);
        await Source.ExecAsync($"INSERT INTO {db}.t VALUES {rows}");
        await Target.ExecAsync($"CREATE DATABASE {db}");
        await FullSync.BackupAsync(Source, db, label, "`t`");
        return await FullSync.GetSnapshotAsync(Source, db, label);
    }

    private async Task<TRestoreSnapshotResult> RestoreAsync(TRestoreSnapshotRequest request) =>
        await Target.Fe.RestoreSnapshotAsync(request, CancellationToken.None);

    [Fact]
    public async Task Restore_snapshot_checks_its_request()
    {
        var snapshot = await SnapshotAsync("rs_req", "req");
        var withExtra = await FullSync.WithExtraInfoAsync(Source, snapshot.JobInfo!);
        async Task<string> Refused(TRestoreSnapshotRequest r)
        {
            var result = await RestoreAsync(r);
            Assert.Equal(TStatusCode.ANALYSIS_ERROR, result.Status!.StatusCode);
            return Assert.Single(result.Status.ErrorMsgs!);
        }

        Assert.Equal(Prefix + "user is not set", await Refused(new TRestoreSnapshotRequest()));
        var noMeta = FullSync.RestoreRequest("rs_req", "x", snapshot.Meta!, withExtra);
        noMeta.Meta = null;
        Assert.Equal(Prefix + "meta is not set", await Refused(noMeta));
        var noRepo = FullSync.RestoreRequest("rs_req", "x", snapshot.Meta!, withExtra);
        noRepo.RepoName = null;
        Assert.Equal(Prefix + "repo_name is not set", await Refused(noRepo));

        var unknown = FullSync.RestoreRequest("rs_req", "x", snapshot.Meta!, withExtra);
        unknown.Properties!["color"] = "red";
        Assert.Equal(Prefix + "Unknown restore job properties: [color]", await Refused(unknown));
        var badBool = FullSync.RestoreRequest("rs_req", "x", snapshot.Meta!, withExtra);
        badBool.Properties!["reserve_replica"] = "maybe";
        Assert.Equal(Prefix + "Invalid boolean property reserve_replica value: maybe", await Refused(badBool));

        // Without (a complete) extra_info the target BEs could not reach the source: refused as Doris does.
        Assert.Equal(Prefix + "Invalid job extra info empty", await Refused(FullSync.RestoreRequest("rs_req", "x", snapshot.Meta!, snapshot.JobInfo!)));
        Assert.Equal(Prefix + "Invalid job extra info be network map", await Refused(FullSync.RestoreRequest("rs_req", "x", snapshot.Meta!, Edit(withExtra, e => e.Remove("be_network_map")))));
        Assert.Equal(Prefix + "Invalid job extra info token", await Refused(FullSync.RestoreRequest("rs_req", "x", snapshot.Meta!, Edit(withExtra, e => e["token"] = string.Empty))));

        var refs = FullSync.RestoreRequest("rs_req", "x", snapshot.Meta!, withExtra);
        refs.TableRefs = [new TTableRef { Table = "ghost" }];
        Assert.Equal(Prefix + "Table ghost does not exist in snapshot req", await Refused(refs));
        var badMeta = FullSync.RestoreRequest("rs_req", "x", Encoding.UTF8.GetBytes("not a meta"), withExtra);
        Assert.Equal(Prefix + "read backup meta failed", await Refused(badMeta));
        var repo = FullSync.RestoreRequest("rs_req", "x", snapshot.Meta!, withExtra);
        repo.RepoName = "s3_repo";
        Assert.Equal(Prefix + "Repository s3_repo does not exist", await Refused(repo));

        await Target.ExecAsync("ADMIN SET FRONTEND CONFIG (\"enable_restore_snapshot_rpc_compression\" = \"false\")");
        try
        {
            var compressed = FullSync.RestoreRequest("rs_req", "x", snapshot.Meta!, withExtra);
            compressed.Compressed = true;
            Assert.Contains("The request is compressed, but the config `enable_restore_snapshot_rpc_compression` is not enabled.", await Refused(compressed));
        }
        finally
        {
            await Target.ExecAsync("ADMIN SET FRONTEND CONFIG (\"enable_restore_snapshot_rpc_compression\" = \"true\")");
        }

        Assert.Empty((await Target.QueryAsync("SHOW RESTORE FROM rs_req")).Rows);
    }

    [Fact]
    public async Task A_restore_walks_Doris_states_and_show_restore_has_Doris_columns()
    {
        var snapshot = await SnapshotAsync("rs_states", "st");
        await Target.SetFaultAsync("job.restore", "hold:DOWNLOAD");
        var request = FullSync.RestoreRequest("rs_states", "st_r", snapshot.Meta!, await FullSync.WithExtraInfoAsync(Source, snapshot.JobInfo!));
        var started = DateTime.UtcNow;
        Assert.Equal(TStatusCode.OK, (await RestoreAsync(request)).Status!.StatusCode);
        var held = await FullSync.WaitRestoreAsync(Target, "rs_states", "st_r", "DOWNLOAD");
        var heldSeen = DateTime.UtcNow;
        var rs = await Target.QueryAsync("SHOW RESTORE FROM rs_states");
        Assert.Equal(
            ["JobId", "Label", "Timestamp", "DbName", "State", "AllowLoad", "ReplicationNum", "ReplicaAllocation", "ReserveReplica",
             "ReserveDynamicPartitionEnable", "RestoreObjs", "CreateTime", "MetaPreparedTime", "SnapshotFinishedTime", "DownloadFinishedTime",
             "FinishedTime", "UnfinishedTasks", "Progress", "TaskErrMsg", "Status", "Timeout"],
            rs.Columns.Select(c => c.Name));
        Assert.Equal("3", held.GetString("ReplicationNum"));
        Assert.Equal("true", held.GetString("ReserveReplica"));
        Assert.Matches(@"^\d{4}-\d{2}-\d{2}-\d{2}-\d{2}-\d{2}$", held.GetString("Timestamp"));
        var created = DorisTime.AssertBetween(held.GetStringOrNull("CreateTime"), started, heldSeen, "CreateTime");
        var prepared = DorisTime.AssertBetween(held.GetStringOrNull("MetaPreparedTime"), started, heldSeen, "MetaPreparedTime");
        Assert.True(created <= prepared, $"CreateTime {created:O} after MetaPreparedTime {prepared:O}");
        Assert.Null(held.GetStringOrNull("DownloadFinishedTime"));

        // While it restores, the new table exists in RESTORE state and refuses DDL; a second job on the db is refused.
        var second = FullSync.RestoreRequest("rs_states", "st_r2", snapshot.Meta!, await FullSync.WithExtraInfoAsync(Source, snapshot.JobInfo!));
        Assert.Equal(Prefix + "Can only run one backup or restore job of a database at same time",
            Assert.Single((await RestoreAsync(second)).Status!.ErrorMsgs!));
        Assert.Contains("is not NORMAL. Do not allow doing ALTER ops", await Target.FailsAsync("ALTER TABLE rs_states.t ADD COLUMN x INT"));

        var seen = new List<string> { "DOWNLOAD" };
        var released = DateTime.UtcNow;
        await Target.SetFaultAsync("job.restore", "off");
        await Eventually.UntilAsync(
            async () =>
            {
                var state = (await Target.QueryAsync("SHOW RESTORE FROM rs_states WHERE Label = \"st_r\"")).Rows.Single().GetString("State");
                if (seen[^1] != state)
                {
                    seen.Add(state);
                }

                return state;
            },
            st => st is "FINISHED" or "CANCELLED", "the restore");
        var order = new[] { "DOWNLOAD", "DOWNLOADING", "COMMIT", "COMMITTING", "FINISHED" };
        Assert.Equal("FINISHED", seen[^1]);
        Assert.Equal(seen, seen.OrderBy(s => Array.IndexOf(order, s)));
        var done = (await Target.QueryAsync("SHOW RESTORE FROM rs_states WHERE Label LIKE \"st%\"")).Rows.Single();
        Assert.Equal("[OK]", done.GetString("Status"));
        var doneSeen = DateTime.UtcNow;
        var downloaded = DorisTime.AssertBetween(done.GetStringOrNull("DownloadFinishedTime"), released, doneSeen, "DownloadFinishedTime");
        var finishedAt = DorisTime.AssertBetween(done.GetStringOrNull("FinishedTime"), released, doneSeen, "FinishedTime");
        Assert.True(downloaded <= finishedAt, $"DownloadFinishedTime {downloaded:O} after FinishedTime {finishedAt:O}");
        Assert.Equal(["1|2024-01-01|a", "2|2024-02-02|b"], await Target.LinesAsync("SELECT * FROM rs_states.t ORDER BY k"));
        // reserve_replica keeps the source's replication (1) instead of the job's default (3).
        Assert.Contains("\"replication_allocation\" = \"tag.location.default: 1\"",
            (await Target.QueryAsync("SHOW CREATE TABLE rs_states.t")).Rows.Single().GetString("Create Table"));
    }

    [Fact]
    public async Task A_schema_mismatch_cancels_the_job()
    {
        var snapshot = await SnapshotAsync("rs_schema", "sc");
        await Target.ExecAsync("CREATE TABLE rs_schema.t (k INT, other BIGINT) DUPLICATE KEY(k) DISTRIBUTED BY HASH(k) BUCKETS 1 PROPERTIES (\"replication_num\" = \"1\")");
        await Target.ExecAsync("INSERT INTO rs_schema.t VALUES (9, 9)");
        foreach (var atomic in new[] { false, true })
        {
            var label = atomic ? "sc_atomic" : "sc_plain";
            var request = FullSync.RestoreRequest("rs_schema", label, snapshot.Meta!, await FullSync.WithExtraInfoAsync(Source, snapshot.JobInfo!));
            request.AtomicRestore = atomic;
            Assert.Equal(TStatusCode.OK, (await RestoreAsync(request)).Status!.StatusCode);
            var row = await FullSync.WaitRestoreAsync(Target, "rs_schema", label, "CANCELLED");
            Assert.Equal("CANCELLED", row.GetString("State"));
            Assert.Equal("[COMMON_ERROR, msg: Table t already exist but with different schema]", row.GetString("Status"));
            Assert.Equal(["9|9"], await Target.LinesAsync("SELECT * FROM rs_schema.t"));
        }

        // Under an alias (as the syncer retries), the restore goes to a new table.
        var aliased = FullSync.RestoreRequest("rs_schema", "sc_alias", snapshot.Meta!, await FullSync.WithExtraInfoAsync(Source, snapshot.JobInfo!));
        aliased.TableRefs = [new TTableRef { Table = "t", AliasName = "__ccr_t_1" }];
        Assert.Equal(TStatusCode.OK, (await RestoreAsync(aliased)).Status!.StatusCode);
        Assert.Equal("FINISHED", (await FullSync.WaitRestoreAsync(Target, "rs_schema", "sc_alias", "FINISHED")).GetString("State"));
        Assert.Equal(2, (await Target.LinesAsync("SELECT * FROM rs_schema.__ccr_t_1")).Count);
    }

    [Fact]
    public async Task An_atomic_restore_keeps_the_old_table_readable_until_the_swap()
    {
        var snapshot = await SnapshotAsync("rs_atomic", "at");
        await Target.ExecAsync("""
            CREATE TABLE rs_atomic.t (k INT, d DATE, v VARCHAR(10)) DUPLICATE KEY(k)
            PARTITION BY RANGE(d) (PARTITION p1 VALUES LESS THAN ('2024-02-01'), PARTITION p2 VALUES LESS THAN ('2024-03-01'))
            DISTRIBUTED BY HASH(k) BUCKETS 2 PROPERTIES ("replication_num" = "1")
            """);
        await Target.ExecAsync("INSERT INTO rs_atomic.t VALUES (5, '2024-01-05', 'old')");
        await Target.SetFaultAsync("job.restore", "hold:COMMIT");
        var request = FullSync.RestoreRequest("rs_atomic", "at_r", snapshot.Meta!, await FullSync.WithExtraInfoAsync(Source, snapshot.JobInfo!));
        request.AtomicRestore = true;
        Assert.Equal(TStatusCode.OK, (await RestoreAsync(request)).Status!.StatusCode);
        await FullSync.WaitRestoreAsync(Target, "rs_atomic", "at_r", "COMMIT");

        // Downloaded, not yet swapped: readers still see the old table; the hidden one is being built beside it.
        Assert.Equal(["5|2024-01-05|old"], await Target.LinesAsync("SELECT * FROM rs_atomic.t"));
        Assert.Contains("__doris_atomic_restore_prefix__t", await Target.LinesAsync("SHOW TABLES FROM rs_atomic"));
        Assert.Contains("\"in_atomic_restore\" = \"true\"", (await Target.QueryAsync("SHOW CREATE TABLE rs_atomic.t")).Rows.Single().GetString("Create Table"));
        Assert.Contains("state is in atomic restore", await Target.FailsAsync("DROP TABLE rs_atomic.t"));
        Assert.Contains("Do not allow doing ALTER ops", await Target.FailsAsync("ALTER TABLE rs_atomic.t ADD COLUMN x INT"));

        await Target.SetFaultAsync("job.restore", "off");
        Assert.Equal("FINISHED", (await FullSync.WaitRestoreAsync(Target, "rs_atomic", "at_r", "FINISHED")).GetString("State"));
        Assert.Equal(["1|2024-01-01|a", "2|2024-02-02|b"], await Target.LinesAsync("SELECT * FROM rs_atomic.t ORDER BY k"));
        Assert.Equal(["t"], await Target.LinesAsync("SHOW TABLES FROM rs_atomic"));
        var create = (await Target.QueryAsync("SHOW CREATE TABLE rs_atomic.t")).Rows.Single().GetString("Create Table");
        Assert.DoesNotContain("in_atomic_restore", create);
        Assert.Contains("\"is_being_synced\" = \"true\"", create);
    }

    [Fact]
    public async Task A_bad_token_keeps_downloading_until_cancelled()
    {
        var snapshot = await SnapshotAsync("rs_token", "tk");
        var request = FullSync.RestoreRequest("rs_token", "tk_r", snapshot.Meta!, await FullSync.WithExtraInfoAsync(Source, snapshot.JobInfo!, "not-the-token"));
        Assert.Equal(TStatusCode.OK, (await RestoreAsync(request)).Status!.StatusCode);
        var row = await Eventually.UntilAsync(
            async () => (await Target.QueryAsync("SHOW RESTORE FROM rs_token")).Rows.Single(),
            r => r.GetString("TaskErrMsg").Contains("invalid token", StringComparison.Ordinal), "the download error");
        Assert.Equal("DOWNLOADING", row.GetString("State"));
        Assert.Contains("[NOT_AUTHORIZED]invalid token.", row.GetString("TaskErrMsg"));
        Assert.NotEmpty(row.GetString("UnfinishedTasks"));
        Assert.Contains("t", await Target.LinesAsync("SHOW TABLES FROM rs_token"));

        await Target.ExecAsync("CANCEL RESTORE FROM rs_token");
        row = (await Target.QueryAsync("SHOW RESTORE FROM rs_token")).Rows.Single();
        Assert.Equal("CANCELLED", row.GetString("State"));
        Assert.Equal("[COMMON_ERROR, msg: user cancelled]", row.GetString("Status"));
        Assert.Empty(await Target.LinesAsync("SHOW TABLES FROM rs_token"));
        await Target.ExecAsync("CREATE DATABASE rs_token_idle");
        Assert.Equal(Prefix + "No restore is currently running", await Target.FailsAsync("CANCEL RESTORE FROM rs_token_idle"));
        Assert.Contains("can not be cancelled. state: CANCELLED", await Target.FailsAsync("CANCEL RESTORE FROM rs_token"));
    }

    [Fact]
    public async Task Snapshot_downloads_fail_and_retry()
    {
        var snapshot = await SnapshotAsync("rs_http", "hp");
        await Source.SetFaultAsync("http.tablet_download", "fail:500,times:4");
        var request = FullSync.RestoreRequest("rs_http", "hp_r", snapshot.Meta!, await FullSync.WithExtraInfoAsync(Source, snapshot.JobInfo!));
        Assert.Equal(TStatusCode.OK, (await RestoreAsync(request)).Status!.StatusCode);
        Assert.Equal("FINISHED", (await FullSync.WaitRestoreAsync(Target, "rs_http", "hp_r", "FINISHED")).GetString("State"));
        Assert.Equal(2, (await Target.LinesAsync("SELECT * FROM rs_http.t")).Count);
    }

    [Fact]
    public async Task Clean_tables_and_clean_partitions_drop_what_the_snapshot_lacks()
    {
        var snapshot = await SnapshotAsync("rs_clean", "cl");
        await Target.ExecAsync("""
            CREATE TABLE rs_clean.t (k INT, d DATE, v VARCHAR(10)) DUPLICATE KEY(k)
            PARTITION BY RANGE(d) (PARTITION p1 VALUES LESS THAN ('2024-02-01'), PARTITION p2 VALUES LESS THAN ('2024-03-01'),
              PARTITION p3 VALUES LESS THAN ('2024-04-01'))
            DISTRIBUTED BY HASH(k) BUCKETS 2 PROPERTIES ("replication_num" = "1")
            """);
        await Target.ExecAsync("INSERT INTO rs_clean.t VALUES (8, '2024-01-08', 'x'), (9, '2024-03-09', 'y')");
        await Target.ExecAsync("CREATE TABLE rs_clean.extra (k INT) DUPLICATE KEY(k) DISTRIBUTED BY HASH(k) BUCKETS 1 PROPERTIES (\"replication_num\" = \"1\")");
        var request = FullSync.RestoreRequest("rs_clean", "cl_r", snapshot.Meta!, await FullSync.WithExtraInfoAsync(Source, snapshot.JobInfo!));
        request.CleanTables = true;
        request.CleanPartitions = true;
        Assert.Equal(TStatusCode.OK, (await RestoreAsync(request)).Status!.StatusCode);
        Assert.Equal("FINISHED", (await FullSync.WaitRestoreAsync(Target, "rs_clean", "cl_r", "FINISHED")).GetString("State"));
        Assert.Equal(["t"], await Target.LinesAsync("SHOW TABLES FROM rs_clean"));
        Assert.Equal(["p1", "p2"], (await Target.QueryAsync("SHOW PARTITIONS FROM rs_clean.t")).Rows.Select(r => r.GetString("PartitionName")).Order());
        // The existing partitions were overwritten by the snapshot's data and versions.
        Assert.Equal(["1|2024-01-01|a", "2|2024-02-02|b"], await Target.LinesAsync("SELECT * FROM rs_clean.t ORDER BY k"));
        Assert.Contains("\"is_being_synced\" = \"true\"", (await Target.QueryAsync("SHOW CREATE TABLE rs_clean.t")).Rows.Single().GetString("Create Table"));
    }

    [Fact]
    public async Task Restoring_into_an_existing_table_fills_and_adds_partitions()
    {
        var snapshot = await SnapshotAsync("rs_exist", "ex");
        await Target.ExecAsync("""
            CREATE TABLE rs_exist.t (k INT, d DATE, v VARCHAR(10)) DUPLICATE KEY(k)
            PARTITION BY RANGE(d) (PARTITION p1 VALUES LESS THAN ('2024-02-01'))
            DISTRIBUTED BY HASH(k) BUCKETS 2 PROPERTIES ("replication_num" = "1")
            """);
        await Target.ExecAsync("INSERT INTO rs_exist.t VALUES (5, '2024-01-05', 'old')");
        await Target.ExecAsync("INSERT INTO rs_exist.t VALUES (6, '2024-01-06', 'old')");
        var request = FullSync.RestoreRequest("rs_exist", "ex_r", snapshot.Meta!, await FullSync.WithExtraInfoAsync(Source, snapshot.JobInfo!));
        Assert.Equal(TStatusCode.OK, (await RestoreAsync(request)).Status!.StatusCode);
        Assert.Equal("FINISHED", (await FullSync.WaitRestoreAsync(Target, "rs_exist", "ex_r", "FINISHED")).GetString("State"));
        Assert.Equal(["1|2024-01-01|a", "2|2024-02-02|b"], await Target.LinesAsync("SELECT * FROM rs_exist.t ORDER BY k"));
        var partitions = (await Target.MetaAsync("rs_exist")).Tables!.Single().Partitions!.OrderBy(p => p.Name).ToList();
        Assert.Equal(["p1", "p2"], partitions.Select(p => p.Name));
        Assert.All(partitions, p => Assert.Equal(2, p.VisibleVersion));

        // A restored table loads normally afterwards.
        await Target.ExecAsync("INSERT INTO rs_exist.t VALUES (7, '2024-02-07', 'new')");
        Assert.Equal(3, (await Target.MetaAsync("rs_exist")).Tables!.Single().Partitions!.Single(p => p.Name == "p2").VisibleVersion);
    }

    [Fact]
    public async Task A_metadata_only_snapshot_restores_empty_tables()
    {
        await Source.ExecAsync("CREATE DATABASE rs_meta");
        await Source.ExecAsync("CREATE TABLE rs_meta.t (k INT) DUPLICATE KEY(k) DISTRIBUTED BY HASH(k) BUCKETS 1 PROPERTIES (\"replication_num\" = \"1\")");
        await Source.ExecAsync("INSERT INTO rs_meta.t VALUES (1)");
        await Target.ExecAsync("CREATE DATABASE rs_meta");
        await Source.ExecAsync("BACKUP SNAPSHOT rs_meta.m TO `__keep_on_local__` ON (t) PROPERTIES (\"content\" = \"metadata_only\")");
        await FullSync.WaitBackupAsync(Source, "rs_meta", "m", "FINISHED");
        var snapshot = await FullSync.GetSnapshotAsync(Source, "rs_meta", "m");
        var info = JsonNode.Parse(snapshot.JobInfo!)!;
        Assert.Equal("METADATA_ONLY", info["content"]!.GetValue<string>());
        Assert.Empty(info["tablet_be_map"]!.AsObject());
        var request = FullSync.RestoreRequest("rs_meta", "m_r", snapshot.Meta!, await FullSync.WithExtraInfoAsync(Source, snapshot.JobInfo!));
        Assert.Equal(TStatusCode.OK, (await RestoreAsync(request)).Status!.StatusCode);
        Assert.Equal("FINISHED", (await FullSync.WaitRestoreAsync(Target, "rs_meta", "m_r", "FINISHED")).GetString("State"));
        Assert.Empty(await Target.LinesAsync("SELECT * FROM rs_meta.t"));
    }

    private static byte[] Edit(byte[] jobInfo, Action<JsonObject> edit)
    {
        var tree = JsonNode.Parse(jobInfo)!.AsObject();
        edit(tree["extra_info"]!.AsObject());
        return Encoding.UTF8.GetBytes(tree.ToJsonString());
    }
}
