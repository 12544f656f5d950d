using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using MiniDoris.Be;
using MiniDoris.Faults;
using MiniDoris.Fe.Auth;
using MiniDoris.Fe.Binlog;
using Syncer.Doris.Binlog.Records;
using MiniDoris.Fe.Catalog;
using MiniDoris.Fe.Qe;
using MiniDoris.Fe.Sql.Ast;
using Syncer.Doris.Thrift;

namespace MiniDoris.Fe.Backup;

/// <summary>
/// BACKUP to the local repository (docs/minidoris.md, "Backup"): submission with Doris's checks, the job's
/// states (one per daemon round), SHOW BACKUP, CANCEL BACKUP, and the local snapshots getSnapshot reads.
/// </summary>
internal static class BackupHandler
{
    public const string LocalRepo = "__keep_on_local__";

    public static readonly string[] ShowBackupColumns =
    [
        "JobId", "SnapshotName", "DbName", "State", "BackupObjs", "CreateTime", "SnapshotFinishedTime", "UploadFinishedTime",
        "FinishedTime", "UnfinishedTasks", "Progress", "TaskErrMsg", "Status", "Timeout",
    ];

    private const long MinTimeoutMs = 10 * 60 * 1000;

    public static QueryResult Submit(StatementContext ctx, BackupStmt stmt)
    {
        var state = ctx.State;
        var dbName = stmt.Db ?? ctx.Session.CurrentDb ?? throw DorisErrors.NoDatabaseSelected();
        if (!state.Auth.HasPrivilege(ctx.Session.User, Privilege.Load, dbName))
        {
            throw DorisErrors.PrivilegeDenied("LOAD");
        }

        var (timeoutMs, content) = ParseProperties(state, stmt.Properties);
        if (stmt.Repo != LocalRepo)
        {
            throw DorisErrors.Generic($"Repository {stmt.Repo} does not exist");
        }

        var db = state.GetDb(dbName);
        CheckNoRunningJob(state, db);

        var names = stmt.Refs is null || stmt.Exclude
            ? db.Tables.Select(t => t.Name).Where(n => stmt.Refs is null || stmt.Refs.All(r => r.Table != n)).ToList()
            : stmt.Refs.Select(r => r.Table).ToList();
        var refs = new List<BackupTableRef>();
        foreach (var name in names)
        {
            var syntax = stmt.Exclude ? null : stmt.Refs?.FirstOrDefault(r => r.Table == name);
            var table = db.FindTable(name) ?? throw DorisErrors.UnknownTable(name);
            if (table is OlapTable olap)
            {
                if (olap.TempPartitions.Count > 0)
                {
                    throw DorisErrors.Generic("Do not support backup table with temp partitions");
                }

                if (syntax?.Partitions is { } partitions)
                {
                    if (syntax.TempPartitions)
                    {
                        throw DorisErrors.Generic("Do not support backup temp partitions");
                    }

                    foreach (var p in partitions.Where(p => olap.FindPartition(p, false) is null))
                    {
                        throw DorisErrors.Generic($"Unknown partition {p} in table{name}");
                    }
                }
            }

            refs.Add(new BackupTableRef(name, syntax?.Partitions));
        }

        var now = state.NowMs();
        var job = new BackupJob
        {
            JobId = state.NextId(),
            Label = stmt.Label,
            DbId = db.Id,
            DbName = db.Name,
            State = BackupJob.Pending,
            CreateTime = now,
            StateTime = now,
            TimeoutMs = timeoutMs,
            TableRefs = refs,
            Content = content,
        };
        state.NextJournalId();
        AddJob(state, job);
        return QueryResult.Ok();
    }

    /// <summary>The job that blocks a new one: Doris runs one backup or restore per database at a time.</summary>
    public static void CheckNoRunningJob(ClusterState state, Database db)
    {
        if (CurrentJob(state, db.Id) is { IsDone: false })
        {
            throw DorisErrors.Generic("Can only run one backup or restore job of a database at same time");
        }
    }

    public static BackupRestoreJob? CurrentJob(ClusterState state, long dbId) => state.Image.BackupJobs.LastOrDefault(j => j.DbId == dbId);

    /// <summary>Keeps at most max_backup_restore_job_num_per_db jobs per db, the oldest going first.</summary>
    public static void AddJob(ClusterState state, BackupRestoreJob job)
    {
        var max = Math.Max(1, state.Config.GetLong("max_backup_restore_job_num_per_db"));
        var ofDb = state.Image.BackupJobs.Where(j => j.DbId == job.DbId).ToList();
        foreach (var old in ofDb.Take(Math.Max(0, ofDb.Count - (int)max + 1)))
        {
            state.Image.BackupJobs.Remove(old);
        }

        state.Image.BackupJobs.Add(job);
        state.Dirty = true;
    }

    public static QueryResult Show(StatementContext ctx, ShowBackupStmt stmt)
    {
        var db = ctx.ResolveDb(stmt.Db);
        if (stmt.Restore)
        {
            return RestoreHandler.Show(ctx, db, stmt);
        }

        var rows = ctx.State.Image.BackupJobs.OfType<BackupJob>()
            .Where(j => j.DbId == db.Id && Matches(j.Label, stmt))
            .Select(Row)
            .ToList();
        return QueryResult.Text(ShowBackupColumns, rows);
    }

    public static bool Matches(string label, ShowBackupStmt stmt) =>
        (stmt.NameEquals is null || label == stmt.NameEquals) && (stmt.Like is null || LikePattern.Matches(label, stmt.Like, caseSensitive: true));

    public static QueryResult Cancel(StatementContext ctx, CancelBackupStmt stmt)
    {
        var db = ctx.ResolveDb(stmt.Db);
        var job = CurrentJob(ctx.State, db.Id);
        if (job is null || (job is BackupJob && stmt.Restore) || (job is RestoreJob && !stmt.Restore))
        {
            throw DorisErrors.Generic("No " + (stmt.Restore ? "restore" : "backup job") + " is currently running");
        }

        if (job.IsDone)
        {
            throw DorisErrors.Generic($"Failed to cancel job: Job with label {job.Label} can not be cancelled. state: {job.State}");
        }

        job.Fail("COMMON_ERROR", "user cancelled");
        if (job is BackupJob backup)
        {
            CancelInternal(ctx.State, backup);
        }
        else
        {
            RestoreHandler.CancelInternal(ctx.State, (RestoreJob)job);
        }

        return QueryResult.Ok();
    }

    /// <summary>Advances every unfinished backup job by one state (the FE's backup daemon round).</summary>
    public static void Step(ClusterState state, FaultRegistry faults)
    {
        foreach (var job in state.Image.BackupJobs.OfType<BackupJob>().Where(j => !j.IsDone).ToList())
        {
            StepOne(state, faults, job);
        }
    }

    private static void StepOne(ClusterState state, FaultRegistry faults, BackupJob job)
    {
        var now = state.NowMs();
        if (JobFaults.Interrupts(faults, FaultNames.BackupJob, job, now, () => CancelInternal(state, job)))
        {
            return;
        }

        switch (job.State)
        {
            case BackupJob.Pending:
                if (Snapshot(state, job))
                {
                    Move(state, job, BackupJob.Snapshoting);
                }

                break;
            case BackupJob.Snapshoting:
                job.SnapshotFinishedTime = now;
                Move(state, job, BackupJob.UploadSnapshot);
                break;
            case BackupJob.UploadSnapshot:
                Move(state, job, BackupJob.Uploading);
                break;
            case BackupJob.Uploading:
                job.UploadFinishedTime = now;
                Move(state, job, BackupJob.SaveMeta);
                break;
            case BackupJob.SaveMeta:
                Move(state, job, BackupJob.UploadInfo);
                break;
            case BackupJob.UploadInfo:
                Finish(state, job);
                break;
        }
    }

    /// <summary>Moves a backup or restore job to its next state: a journal entry.</summary>
    internal static void Move(ClusterState state, BackupRestoreJob job, string next)
    {
        job.State = next;
        job.StateTime = state.NowMs();
        state.NextJournalId();
        state.Dirty = true;
    }

    /// <summary>
    /// PENDING's work: a db-level barrier (its journal id is the snapshot's commit_seq), then per table a BARRIER
    /// binlog whose commit seq goes into table_commit_seq_map, and the tablet snapshots at the partitions' visible
    /// versions, taken on one replica per tablet (lowest replica id, as BackupJob.chooseReplica).
    /// </summary>
    private static bool Snapshot(ClusterState state, BackupJob job)
    {
        var db = state.FindDb(job.DbId);
        if (db is null)
        {
            job.Fail("NOT_FOUND", $"database {job.DbId.ToString(CultureInfo.InvariantCulture)} does not exist");
            CancelInternal(state, job);
            return false;
        }

        var now = state.NowMs();
        job.CommitSeq = state.NextJournalId();
        job.SnapshotName = DateTimeOffset.FromUnixTimeMilliseconds(now).UtcDateTime.ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture)
            + "." + job.JobId.ToString(CultureInfo.InvariantCulture) + "." + (job.TimeoutMs / 1000).ToString(CultureInfo.InvariantCulture);
        var backupObjects = new JsonObject();
        var views = new JsonArray();
        var tabletBeMap = new JsonObject();
        var pathMap = new JsonObject();
        var seqMap = new JsonObject();
        var meta = new BackupMeta();
        foreach (var tableRef in job.TableRefs)
        {
            var table = db.FindTable(tableRef.Table);
            if (table is null)
            {
                job.Fail("NOT_FOUND", $"table {tableRef.Table} does not exist");
                CancelInternal(state, job);
                return false;
            }

            if (table is View view)
            {
                views.Add(new JsonObject { ["id"] = view.Id, ["name"] = view.Name });
                meta.Tables.Add(BackupMeta.Clone(view));
                continue;
            }

            var olap = (OlapTable)table;
            var seq = state.NextJournalId();
            var barrier = new BarrierLog { DbId = db.Id, DbName = db.Name, TableId = olap.Id, TableName = olap.Name };
            state.RecordBinlog(db, TBinlogType.BARRIER, [olap], BinlogJson.Serialize(barrier), seq);
            seqMap[Key(olap.Id)] = seq;

            var partitions = tableRef.Partitions is { } names
                ? names.Select(n => olap.FindPartition(n, false)).OfType<Partition>().ToList()
                : olap.Partitions.ToList();
            var copy = BackupMeta.Clone(olap);
            copy.TempPartitions.Clear();
            copy.Partitions.RemoveAll(p => partitions.All(q => q.Id != p.Id));
            meta.Tables.Add(copy);

            var partsJson = new JsonObject();
            foreach (var partition in partitions)
            {
                var indexesJson = new JsonObject();
                foreach (var index in partition.Indexes.Where(i => i.State == "NORMAL"))
                {
                    var indexMeta = olap.Indexes.First(i => i.Id == index.Id);
                    var tablets = new JsonObject();
                    var order = new JsonArray();
                    foreach (var tablet in index.Tablets)
                    {
                        var files = new JsonArray();
                        if (job.Content == "ALL")
                        {
                            var replica = tablet.Replicas.Where(r => r.Version >= partition.VisibleVersion).OrderBy(r => r.Id).FirstOrDefault();
                            if (replica is null)
                            {
                                job.Fail("COMMON_ERROR", $"failed to choose replica to make snapshot for tablet {Key(tablet.Id)}. visible version: {Key(partition.VisibleVersion)}");
                                CancelInternal(state, job);
                                return false;
                            }

                            var root = SnapshotPaths.SnapshotRoot(replica.BackendId, job.SnapshotName);
                            foreach (var file in WriteTabletSnapshot(state, root, replica.BackendId, partition, tablet, indexMeta.SchemaHash))
                            {
                                files.Add(file);
                            }

                            tabletBeMap[Key(tablet.Id)] = replica.BackendId;
                            pathMap[Key(tablet.Id)] = root;
                        }

                        tablets[Key(tablet.Id)] = files;
                        order.Add(Key(tablet.Id));
                    }

                    indexesJson[indexMeta.Name] = new JsonObject
                    {
                        ["id"] = index.Id,
                        ["schema_hash"] = indexMeta.SchemaHash,
                        ["tablets"] = tablets,
                        ["tablets_order"] = order,
                    };
                }

                partsJson[partition.Name] = new JsonObject { ["id"] = partition.Id, ["version"] = partition.VisibleVersion, ["indexes"] = indexesJson };
            }

            backupObjects[olap.Name] = new JsonObject { ["id"] = olap.Id, ["partitions"] = partsJson };
        }

        var jobInfo = new JsonObject
        {
            ["name"] = job.Label,
            ["database"] = db.Name,
            ["id"] = db.Id,
            ["backup_time"] = job.CreateTime,
            ["content"] = job.Content,
            ["backup_objects"] = backupObjects,
            ["new_backup_objects"] = new JsonObject { ["views"] = views, ["odbc_tables"] = new JsonArray(), ["odbc_resources"] = new JsonArray() },
            ["backup_result"] = "succeed",
            ["meta_version"] = 129,
            ["major_version"] = 2,
            ["minor_version"] = 1,
            ["patch_version"] = 0,
            ["tablet_be_map"] = tabletBeMap,
            ["tablet_snapshot_path_map"] = pathMap,
            ["table_commit_seq_map"] = seqMap,
        };
        job.JobInfo = jobInfo.ToJsonString();
        job.Meta = meta.ToBytes();
        return true;
    }

    /// <summary>Writes a tablet's snapshot dir on a BE: one segment file per rowset with rows, then the header.</summary>
    private static List<string> WriteTabletSnapshot(ClusterState state, string root, long backendId, Partition partition, Tablet tablet, int schemaHash)
    {
        var dir = SnapshotPaths.TabletDir(root, tablet.Id, schemaHash);
        var header = new TabletSnapshotHeader { TabletId = tablet.Id, SchemaHash = schemaHash, PartitionId = partition.Id, Version = partition.VisibleVersion };
        var files = new List<string>();
        foreach (var rowset in state.Store.LoadRowsets(tablet.Id, partition.VisibleVersion))
        {
            var meta = JsonSerializer.Deserialize<RowsetMeta>(rowset.Meta)!;
            header.Rowsets.Add(new SnapshotRowset
            {
                RowsetId = rowset.RowsetId,
                Version = rowset.Version!.Value,
                NumRows = rowset.NumRows,
                NumSegments = rowset.Data is null ? 0 : 1,
                DeletePredicate = meta.DeletePredicate,
            });
            if (rowset.Data is not null)
            {
                var name = SnapshotPaths.SegmentName(rowset.RowsetId);
                state.Store.PutSnapshotFile($"{dir}/{name}", backendId, rowset.Data);
                files.Add(name);
            }
        }

        var hdr = SnapshotPaths.HeaderName(tablet.Id);
        state.Store.PutSnapshotFile($"{dir}/{hdr}", backendId, JsonSerializer.SerializeToUtf8Bytes(header));
        files.Add(hdr);
        return files;
    }

    /// <summary>FINISHED: the snapshot is registered under its label (replacing an older one with that label).</summary>
    private static void Finish(ClusterState state, BackupJob job)
    {
        var now = state.NowMs();
        if (state.Image.Snapshots.TryGetValue(job.Label, out var old))
        {
            Release(state, old);
        }

        var snapshot = new LocalSnapshot
        {
            Label = job.Label,
            DbId = job.DbId,
            JobId = job.JobId,
            CreateTime = job.CreateTime,
            ExpireAt = job.CreateTime + job.TimeoutMs,
            CommitSeq = job.CommitSeq,
        };
        state.Store.PutSnapshotFile(snapshot.MetaPath, -1, job.Meta);
        state.Store.PutSnapshotFile(snapshot.JobInfoPath, -1, System.Text.Encoding.UTF8.GetBytes(job.JobInfo));
        state.Image.Snapshots[job.Label] = snapshot;
        job.Meta = [];
        job.JobInfo = string.Empty;
        job.FinishedTime = now;
        Move(state, job, BackupJob.Finished);
    }

    /// <summary>CANCELLED: the snapshot dirs the job made are released.</summary>
    public static void CancelInternal(ClusterState state, BackupJob job)
    {
        ReleaseDirs(state, job.SnapshotName);
        job.Meta = [];
        job.JobInfo = string.Empty;
        job.FinishedTime = state.NowMs();
        Move(state, job, BackupJob.Cancelled);
    }

    /// <summary>Releases expired local snapshots: the BE dirs and the blobs go, the entry stays to answer SNAPSHOT_EXPIRED.</summary>
    public static void ExpireSnapshots(ClusterState state)
    {
        var now = state.NowMs();
        foreach (var snapshot in state.Image.Snapshots.Values.Where(s => !s.Released && s.ExpireAt <= now).ToList())
        {
            Release(state, snapshot);
        }
    }

    /// <summary>The expire_snapshot fault: the snapshot expires now.</summary>
    public static void ExpireNow(ClusterState state, string label)
    {
        if (!state.Image.Snapshots.TryGetValue(label, out var snapshot))
        {
            throw DorisErrors.Generic($"snapshot {label} not exist");
        }

        snapshot.ExpireAt = Math.Min(snapshot.ExpireAt, state.NowMs());
        Release(state, snapshot);
    }

    private static void Release(ClusterState state, LocalSnapshot snapshot)
    {
        var job = state.Image.BackupJobs.OfType<BackupJob>().FirstOrDefault(j => j.JobId == snapshot.JobId);
        if (job is not null)
        {
            ReleaseDirs(state, job.SnapshotName);
        }

        state.Store.DeleteSnapshotFiles(SnapshotPaths.FeJobDir(snapshot.JobId));
        snapshot.Released = true;
        state.Dirty = true;
    }

    private static void ReleaseDirs(ClusterState state, string snapshotName)
    {
        if (snapshotName.Length == 0)
        {
            return;
        }

        foreach (var backend in state.Backends)
        {
            state.Store.DeleteSnapshotFiles(SnapshotPaths.SnapshotRoot(backend.Id, snapshotName));
        }
    }

    private static string?[] Row(BackupJob job) =>
    [
        Key(job.JobId), job.Label, job.DbName, job.State,
        string.Join(", ", job.TableRefs.Select(r => "[" + Identifiers.Quote(job.DbName) + "." + Identifiers.Quote(r.Table)
            + (r.Partitions is null ? string.Empty : " PARTITIONS (" + string.Join(", ", r.Partitions) + ")") + "]")),
        Time(job.CreateTime), Time(job.SnapshotFinishedTime), Time(job.UploadFinishedTime), Time(job.FinishedTime),
        string.Empty, string.Empty, string.Join(", ", job.TaskErrors.Select(e => $"[{e.Key}: {e.Value}]")), job.StatusText,
        (job.TimeoutMs / 1000).ToString(CultureInfo.InvariantCulture),
    ];

    private static (long TimeoutMs, string Content) ParseProperties(ClusterState state, List<KeyValuePair<string, string>> properties)
    {
        var timeoutMs = state.Config.GetLong("backup_job_default_timeout_ms");
        var content = "ALL";
        var unknown = new List<string>();
        foreach (var (key, value) in properties)
        {
            switch (key.ToLowerInvariant())
            {
                case "type":
                    if (!value.Equals("full", StringComparison.OrdinalIgnoreCase))
                    {
                        throw DorisErrors.Generic($"Invalid backup job type: {value}");
                    }

                    break;
                case "timeout":
                    if (!long.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var seconds))
                    {
                        throw DorisErrors.Generic($"Invalid timeout format: {value}");
                    }

                    if (seconds * 1000 < MinTimeoutMs)
                    {
                        throw DorisErrors.Generic("timeout must be at least 10 min");
                    }

                    timeoutMs = seconds * 1000;
                    break;
                case "content":
                    content = value.ToUpperInvariant() switch
                    {
                        "ALL" => "ALL",
                        "METADATA_ONLY" => "METADATA_ONLY",
                        _ => throw DorisErrors.Generic($"Invalid backup job content: {value}"),
                    };
                    break;
                default:
                    unknown.Add(key);
                    break;
            }
        }

        if (unknown.Count > 0)
        {
            throw DorisErrors.Generic($"Unknown backup job properties: [{string.Join(", ", unknown)}]");
        }

        return (timeoutMs, content);
    }

    internal static string Key(long id) => id.ToString(CultureInfo.InvariantCulture);

    /// <summary>Doris's "yyyy-MM-dd HH:mm:ss"; unset times print as NULL.</summary>
    internal static string? Time(long ms) => ClusterInfoRows.Format(ms);
}

/// <summary>How the job.backup / job.restore faults stop a job: hold (at a state or anywhere) and per-state delays.</summary>
internal static class JobFaults
{
    /// <summary>
    /// What stops a backup or restore job from advancing this round: its timeout or an injected failure (the job
    /// fails and <paramref name="cancel"/> runs), or a hold/delay fault. True when the job must not advance.
    /// </summary>
    public static bool Interrupts(FaultRegistry faults, string name, BackupRestoreJob job, long now, Action cancel)
    {
        if (now - job.CreateTime > job.TimeoutMs)
        {
            job.Fail("TIMEOUT", string.Empty);
            cancel();
            return true;
        }

        if (Blocks(faults, name, job, now))
        {
            return true;
        }

        if (faults.Peek(name) is { Action: FaultAction.Fail } && faults.Trigger(name) is { } fail)
        {
            job.Fail("COMMON_ERROR", fail.Argument ?? "injected fault");
            cancel();
            return true;
        }

        return false;
    }

    private static bool Blocks(FaultRegistry faults, string name, BackupRestoreJob job, long now)
    {
        var rule = faults.Peek(name);
        if (rule is null)
        {
            return false;
        }

        return rule.Action switch
        {
            FaultAction.Hold => rule.Argument is null || rule.Argument.Equals(job.State, StringComparison.OrdinalIgnoreCase),
            FaultAction.Delay => now - job.StateTime < (rule.DelayMs ?? 0),
            _ => false,
        };
    }
}
