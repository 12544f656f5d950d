using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using MiniDoris.Be;
using MiniDoris.Faults;
using MiniDoris.Fe.Catalog;
using MiniDoris.Fe.Ddl;
using MiniDoris.Fe.Load;
using MiniDoris.Fe.Qe;
using MiniDoris.Fe.Sql.Ast;
using MiniDoris.Storage;

namespace MiniDoris.Fe.Backup;

/// <summary>What a restoreSnapshot RPC asks for, after its fields were read.</summary>
public sealed record RestoreRequest(
    string Db, string Label, string Repo, IReadOnlyList<(string Table, string? Alias)> TableRefs,
    IReadOnlyList<KeyValuePair<string, string>> Properties, byte[] Meta, byte[] JobInfo);

/// <summary>
/// RESTORE from the local repository (doris-server-behaviour.md §3.5-3.7): submission with Doris's checks and
/// texts, PENDING's plan (new tables, existing ones, atomic replacements), the downloads from the source BEs named
/// in job_info's extra_info, the commit that makes the snapshot versions visible, CANCEL and SHOW RESTORE.
/// </summary>
internal static class RestoreHandler
{
    public static readonly string[] ShowRestoreColumns =
    [
        "JobId", "Label", "Timestamp", "DbName", "State", "AllowLoad", "ReplicationNum", "ReplicaAllocation", "ReserveReplica",
        "ReserveDynamicPartitionEnable", "RestoreObjs", "CreateTime", "MetaPreparedTime", "SnapshotFinishedTime",
        "DownloadFinishedTime", "FinishedTime", "UnfinishedTasks", "Progress", "TaskErrMsg", "Status", "Timeout",
    ];

    private const long MinTimeoutMs = 10 * 60 * 1000;
    private const long RetryPauseMs = 500;

    private static readonly string[] BooleanProperties =
    [
        "allow_load", "reserve_replica", "reserve_colocate", "reserve_dynamic_partition_enable", "is_being_synced",
        "clean_tables", "clean_partitions", "atomic_restore", "force_replace",
    ];

    public static void Submit(ClusterState state, RestoreRequest request)
    {
        var job = new RestoreJob { Label = request.Label, ReplicationNum = 3 };
        job.TimeoutMs = state.Config.GetLong("backup_job_default_timeout_ms");
        AnalyzeProperties(job, request.Properties);
        AnalyzeTableRefs(request.TableRefs);
        if (request.Repo != BackupHandler.LocalRepo)
        {
            throw DorisErrors.Generic($"Repository {request.Repo} does not exist");
        }

        var db = state.FindDb(request.Db) ?? throw DorisErrors.UnknownDatabase(request.Db);
        BackupHandler.CheckNoRunningJob(state, db);

        JsonObject jobInfo;
        try
        {
            jobInfo = JsonNode.Parse(request.JobInfo) as JsonObject ?? throw DorisErrors.Generic("Invalid job info");
        }
        catch (JsonException e)
        {
            throw DorisErrors.Generic("Invalid job info: " + e.Message);
        }

        if (jobInfo["extra_info"] is not JsonObject extra)
        {
            throw DorisErrors.Generic("Invalid job extra info empty");
        }

        if (extra["be_network_map"] is not JsonObject)
        {
            throw DorisErrors.Generic("Invalid job extra info be network map");
        }

        if (extra["token"] is not JsonValue token || string.IsNullOrEmpty(token.GetValue<string>()))
        {
            throw DorisErrors.Generic("Invalid job extra info token");
        }

        FilterObjects(jobInfo, request.TableRefs, job);
        BackupMeta.FromBytes(request.Meta);

        var now = state.NowMs();
        var backupTime = jobInfo["backup_time"]?.GetValue<long>() ?? 0;
        job.JobId = state.NextId();
        job.DbId = db.Id;
        job.DbName = db.Name;
        job.State = RestoreJob.Pending;
        job.CreateTime = now;
        job.StateTime = now;
        job.BackupTimestamp = DateTimeOffset.FromUnixTimeMilliseconds(backupTime).UtcDateTime.ToString("yyyy-MM-dd-HH-mm-ss", CultureInfo.InvariantCulture);
        job.JobInfo = jobInfo.ToJsonString();
        job.Meta = request.Meta;
        state.NextJournalId();
        BackupHandler.AddJob(state, job);
    }

    private static void AnalyzeProperties(RestoreJob job, IReadOnlyList<KeyValuePair<string, string>> properties)
    {
        var copied = new List<KeyValuePair<string, string>>(properties);
        if (Take(copied, "timeout") is { } timeout)
        {
            if (!long.TryParse(timeout, NumberStyles.Integer, CultureInfo.InvariantCulture, out var seconds))
            {
                throw DorisErrors.Generic($"Invalid timeout format: {timeout}");
            }

            if (seconds * 1000 < MinTimeoutMs)
            {
                throw DorisErrors.Generic("timeout must be at least 10 min");
            }

            job.TimeoutMs = seconds * 1000;
        }

        var replication = TableProperties.ParseReplicationNum(copied, 3);
        copied.RemoveAll(p => p.Key is "replication_num" or "replication_allocation");
        job.ReplicationNum = replication;
        var flags = new Dictionary<string, bool>();
        foreach (var name in BooleanProperties)
        {
            if (Take(copied, name) is { } value)
            {
                flags[name] = value.Equals("true", StringComparison.OrdinalIgnoreCase) ? true
                    : value.Equals("false", StringComparison.OrdinalIgnoreCase) ? false
                    : throw DorisErrors.Generic($"Invalid boolean property {name} value: {value}");
            }
        }

        Take(copied, "backup_timestamp");
        if (Take(copied, "meta_version") is { } metaVersion && !int.TryParse(metaVersion, NumberStyles.Integer, CultureInfo.InvariantCulture, out _))
        {
            throw DorisErrors.Generic($"Invalid meta version format: {metaVersion}");
        }

        if (copied.Count > 0)
        {
            throw DorisErrors.Generic($"Unknown restore job properties: [{string.Join(", ", copied.Select(p => p.Key))}]");
        }

        job.AllowLoad = flags.GetValueOrDefault("allow_load");
        job.ReserveReplica = flags.GetValueOrDefault("reserve_replica");
        job.ReserveDynamicPartitionEnable = flags.GetValueOrDefault("reserve_dynamic_partition_enable");
        job.IsBeingSynced = flags.GetValueOrDefault("is_being_synced");
        job.CleanTables = flags.GetValueOrDefault("clean_tables");
        job.CleanPartitions = flags.GetValueOrDefault("clean_partitions");
        job.AtomicRestore = flags.GetValueOrDefault("atomic_restore");
        job.ForceReplace = flags.GetValueOrDefault("force_replace");
    }

    private static string? Take(List<KeyValuePair<string, string>> properties, string key)
    {
        var i = properties.FindIndex(p => p.Key == key);
        if (i < 0)
        {
            return null;
        }

        var value = properties[i].Value;
        properties.RemoveAt(i);
        return value;
    }

    private static void AnalyzeTableRefs(IReadOnlyList<(string Table, string? Alias)> refs)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var r in refs)
        {
            if (!names.Add(r.Table))
            {
                throw DorisErrors.Generic($"Duplicated table: {r.Table}");
            }
        }

        foreach (var r in refs.Where(r => !string.IsNullOrEmpty(r.Alias)))
        {
            if (!names.Add(r.Alias!))
            {
                throw DorisErrors.Generic($"Duplicated alias name: {r.Alias}");
            }
        }
    }

    /// <summary>checkAndFilterRestoreObjsExistInSnapshot: keep the named tables (all when none is named), record aliases.</summary>
    private static void FilterObjects(JsonObject jobInfo, IReadOnlyList<(string Table, string? Alias)> refs, RestoreJob job)
    {
        if (refs.Count == 0)
        {
            return;
        }

        var objects = jobInfo["backup_objects"] as JsonObject ?? [];
        var views = jobInfo["new_backup_objects"]?["views"] as JsonArray ?? [];
        var name = jobInfo["name"]?.GetValue<string>() ?? string.Empty;
        foreach (var (table, alias) in refs)
        {
            var isView = views.Any(v => v?["name"]?.GetValue<string>() == table);
            if (!objects.ContainsKey(table) && !isView)
            {
                throw DorisErrors.Generic($"Table {table} does not exist in snapshot {name}");
            }

            if (!string.IsNullOrEmpty(alias))
            {
                job.Aliases[table] = alias;
            }
        }

        foreach (var key in objects.Select(o => o.Key).Where(k => refs.All(r => r.Table != k)).ToList())
        {
            objects.Remove(key);
        }

        foreach (var view in views.Where(v => refs.All(r => r.Table != v?["name"]?.GetValue<string>())).ToList())
        {
            views.Remove(view);
        }
    }

    public static QueryResult Show(StatementContext ctx, Database db, ShowBackupStmt stmt)
    {
        var rows = ctx.State.Image.BackupJobs.OfType<RestoreJob>()
            .Where(j => j.DbId == db.Id && BackupHandler.Matches(j.Label, stmt))
            .Select(Row)
            .ToList();
        return QueryResult.Text(ShowRestoreColumns, rows);
    }

    private static string?[] Row(RestoreJob job)
    {
        var info = JsonNode.Parse(job.JobInfo.Length == 0 ? "{}" : job.JobInfo) as JsonObject ?? [];
        var objs = new JsonObject
        {
            ["name"] = info["name"]?.GetValue<string>(),
            ["database"] = info["database"]?.GetValue<string>(),
            ["backup_time"] = info["backup_time"]?.GetValue<long>(),
            ["content"] = info["content"]?.GetValue<string>() ?? "ALL",
            ["olap_table_list"] = new JsonArray((info["backup_objects"] as JsonObject ?? []).Select(t => (JsonNode)new JsonObject
            {
                ["name"] = t.Key,
                ["partition_names"] = new JsonArray((t.Value?["partitions"] as JsonObject ?? []).Select(p => (JsonNode)JsonValue.Create(p.Key)!).ToArray()),
            }).ToArray()),
            ["view_list"] = new JsonArray(),
        };
        var done = job.TotalTasks - job.UnfinishedTasks.Count;
        return
        [
            BackupHandler.Key(job.JobId), job.Label, job.BackupTimestamp, job.DbName, job.State, B(job.AllowLoad),
            job.ReplicationNum.ToString(CultureInfo.InvariantCulture), "tag.location.default: " + job.ReplicationNum.ToString(CultureInfo.InvariantCulture),
            B(job.ReserveReplica), B(job.ReserveDynamicPartitionEnable), objs.ToJsonString(),
            BackupHandler.Time(job.CreateTime), BackupHandler.Time(job.MetaPreparedTime), BackupHandler.Time(job.SnapshotFinishedTime),
            BackupHandler.Time(job.DownloadFinishedTime), BackupHandler.Time(job.FinishedTime),
            string.Join(", ", job.UnfinishedTasks),
            job.TotalTasks == 0 ? string.Empty : $"[{done.ToString(CultureInfo.InvariantCulture)}/{job.TotalTasks.ToString(CultureInfo.InvariantCulture)}]",
            string.Join(", ", job.TaskErrors.Select(e => $"[{e.Key}: {e.Value}]")), job.StatusText,
            (job.TimeoutMs / 1000).ToString(CultureInfo.InvariantCulture),
        ];
    }

    private static string B(bool b) => b ? "true" : "false";

    /// <summary>Advances every unfinished restore job by one state; DOWNLOADING advances once its downloads are in.</summary>
    public static void Step(ClusterState state, FaultRegistry faults, RestoreDownloads downloads)
    {
        foreach (var job in state.Image.BackupJobs.OfType<RestoreJob>().Where(j => !j.IsDone).ToList())
        {
            StepOne(state, faults, downloads, job);
            if (job.IsDone)
            {
                downloads.Forget(job.JobId);
            }
        }
    }

    private static void StepOne(ClusterState state, FaultRegistry faults, RestoreDownloads downloads, RestoreJob job)
    {
        var now = state.NowMs();
        if (JobFaults.Interrupts(faults, FaultNames.RestoreJob, job, now, () => CancelInternal(state, job)))
        {
            return;
        }

        switch (job.State)
        {
            case RestoreJob.Pending:
                if (Prepare(state, job))
                {
                    job.MetaPreparedTime = now;
                    BackupHandler.Move(state, job, RestoreJob.Snapshoting);
                }

                break;
            case RestoreJob.Snapshoting:
                job.SnapshotFinishedTime = now;
                BackupHandler.Move(state, job, RestoreJob.Download);
                break;
            case RestoreJob.Download:
                var tasks = Tasks(state, job, out var error);
                if (error is not null)
                {
                    job.Fail("COMMON_ERROR", error);
                    CancelInternal(state, job);
                    return;
                }

                downloads.Forget(job.JobId);
                job.TotalTasks = tasks.Count;
                job.UnfinishedTasks = tasks.Select(t => t.Key).ToList();
                job.TaskErrors.Clear();
                BackupHandler.Move(state, job, RestoreJob.Downloading);
                break;
            case RestoreJob.Downloading:
                if (!downloads.Has(job.JobId) && job.UnfinishedTasks.Count < job.TotalTasks)
                {
                    // Downloads are kept in memory: after a restart the job downloads again.
                    BackupHandler.Move(state, job, RestoreJob.Download);
                    return;
                }

                var jobDownloads = downloads.For(job.JobId);
                var unfinished = job.UnfinishedTasks.Where(k => !jobDownloads.Done.ContainsKey(k)).ToList();
                var errors = jobDownloads.Failed.Where(f => !jobDownloads.Done.ContainsKey(f.Key)).ToDictionary(f => f.Key, f => f.Value.Error);
                if (unfinished.Count != job.UnfinishedTasks.Count || !errors.OrderBy(e => e.Key).SequenceEqual(job.TaskErrors.OrderBy(e => e.Key)))
                {
                    job.UnfinishedTasks = unfinished;
                    job.TaskErrors = errors;
                    state.Dirty = true;
                }

                if (job.UnfinishedTasks.Count == 0)
                {
                    job.DownloadFinishedTime = now;
                    job.TaskErrors.Clear();
                    BackupHandler.Move(state, job, RestoreJob.Commit);
                }

                break;
            case RestoreJob.Commit:
                BackupHandler.Move(state, job, RestoreJob.Committing);
                break;
            case RestoreJob.Committing:
                if (!downloads.Has(job.JobId) && job.TotalTasks > 0)
                {
                    BackupHandler.Move(state, job, RestoreJob.Download);
                    return;
                }

                if (Apply(state, job, downloads.For(job.JobId)))
                {
                    job.FinishedTime = state.NowMs();
                    BackupHandler.Move(state, job, RestoreJob.Finished);
                }

                break;
        }
    }

    /// <summary>The DOWNLOAD tasks still to run for jobs in DOWNLOADING (not done, not waiting to retry).</summary>
    public static List<RestoreDownloadTask> PendingDownloads(ClusterState state, RestoreDownloads downloads)
    {
        var now = state.NowMs();
        var pending = new List<RestoreDownloadTask>();
        foreach (var job in state.Image.BackupJobs.OfType<RestoreJob>().Where(j => j.State == RestoreJob.Downloading))
        {
            var jobDownloads = downloads.For(job.JobId);
            pending.AddRange(Tasks(state, job, out _).Where(t =>
                !jobDownloads.Done.ContainsKey(t.Key)
                && (!jobDownloads.Failed.TryGetValue(t.Key, out var f) || f.RetryAt <= now)));
        }

        return pending;
    }

    /// <summary>Records a download's outcome (called outside the cluster lock).</summary>
    public static void Record(RestoreDownloads downloads, RestoreDownloadTask task, IReadOnlyDictionary<string, byte[]>? files, string? error, long now)
    {
        var job = downloads.For(task.JobId);
        if (files is not null)
        {
            job.Files[task.TabletId] = files;
            job.Done[task.Key] = true;
            job.Failed.TryRemove(task.Key, out _);
        }
        else
        {
            job.Failed[task.Key] = (error ?? "download failed", now + RetryPauseMs);
        }
    }

    /// <summary>
    /// The remote tablet snapshot descriptors of a job: for every target replica, the source tablet (by position),
    /// its BE from tablet_be_map, that BE's HTTP address from extra_info.be_network_map, the snapshot dir
    /// (tablet_snapshot_path_map + /tablet/schema_hash) and extra_info.token.
    /// </summary>
    private static List<RestoreDownloadTask> Tasks(ClusterState state, RestoreJob job, out string? error)
    {
        error = null;
        var tasks = new List<RestoreDownloadTask>();
        var info = JsonNode.Parse(job.JobInfo)!.AsObject();
        var beMap = info["tablet_be_map"] as JsonObject ?? [];
        var pathMap = info["tablet_snapshot_path_map"] as JsonObject ?? [];
        var network = info["extra_info"]!["be_network_map"]!.AsObject();
        var token = info["extra_info"]!["token"]!.GetValue<string>();
        var db = state.FindDb(job.DbId);
        foreach (var tablePlan in job.Tables)
        {
            var table = db?.FindTable(tablePlan.TableId) as OlapTable;
            foreach (var partitionPlan in tablePlan.Partitions)
            {
                var partition = table?.FindPartition(partitionPlan.PartitionId);
                foreach (var tablet in partitionPlan.Tablets)
                {
                    var source = BackupHandler.Key(tablet.SourceTabletId);
                    if (beMap[source] is not JsonValue be)
                    {
                        continue; // a metadata-only snapshot has no files for this tablet
                    }

                    var beId = be.GetValue<long>();
                    if (network[BackupHandler.Key(beId)] is not JsonObject address)
                    {
                        error = $"failed to get be network info of backend {BackupHandler.Key(beId)} from job info extra info";
                        return [];
                    }

                    var dir = SnapshotPaths.TabletDir(pathMap[source]!.GetValue<string>(), tablet.SourceTabletId, tablet.SourceSchemaHash);
                    var replicas = partition?.AllTablets().FirstOrDefault(t => t.Id == tablet.TabletId)?.Replicas ?? [];
                    foreach (var replica in replicas)
                    {
                        tasks.Add(new RestoreDownloadTask(
                            job.JobId, tablet.TabletId, replica.BackendId, tablet.SourceTabletId, beId,
                            address["ip"]!.GetValue<string>(), NumberOf(address["port"]!), dir, token));
                    }
                }
            }
        }

        return tasks;
    }

    private static int NumberOf(JsonNode node) =>
        node.GetValueKind() == JsonValueKind.String ? int.Parse(node.GetValue<string>(), CultureInfo.InvariantCulture) : (int)node.GetValue<double>();

    /// <summary>
    /// PENDING: check the snapshot against the catalog and lay the restore out. Checks run first (a failing one
    /// cancels the job with nothing changed); then new tables (also an atomic restore's hidden one) and new
    /// partitions are created empty in RESTORE state, on the target BEs.
    /// </summary>
    private static bool Prepare(ClusterState state, RestoreJob job)
    {
        var db = state.FindDb(job.DbId);
        if (db is null)
        {
            job.Fail("NOT_FOUND", $"database {BackupHandler.Key(job.DbId)} does not exist");
            CancelInternal(state, job);
            return false;
        }

        var info = JsonNode.Parse(job.JobInfo)!.AsObject();
        var meta = BackupMeta.FromBytes(job.Meta);
        var objects = info["backup_objects"] as JsonObject ?? [];
        var views = (info["new_backup_objects"]?["views"] as JsonArray ?? []).Select(v => v!["name"]!.GetValue<string>()).ToList();
        // Doris's View.resetViewDefForRestore: a restored view reads the tables of the database it is restored into,
        // so its definition's `internal`.`<backup db>`. prefix becomes the target database's (before the comparison
        // with an existing view, which would otherwise always differ across databases).
        if (info["database"]?.GetValue<string>() is { } backupDb && backupDb != db.Name)
        {
            foreach (var remoteView in meta.Tables.OfType<View>())
            {
                remoteView.Definition = remoteView.Definition.Replace(
                    "`internal`." + Identifiers.Quote(backupDb) + ".", "`internal`." + Identifiers.Quote(db.Name) + ".", StringComparison.Ordinal);
            }
        }
        var error = Validate(db, job, meta, objects, views);
        if (error is not null)
        {
            job.Fail("COMMON_ERROR", error);
            CancelInternal(state, job);
            return false;
        }

        var plans = new List<RestoreTablePlan>();
        try
        {
            foreach (var (sourceName, node) in objects)
            {
                plans.Add(PlanTable(state, db, job, meta.Tables.OfType<OlapTable>().First(t => t.Name == sourceName), node!.AsObject()));
            }
        }
        catch (DorisException e)
        {
            job.Tables = plans;
            job.Fail("COMMON_ERROR", e.Detail);
            CancelInternal(state, job);
            return false;
        }

        job.Tables = plans;
        foreach (var viewName in views)
        {
            var target = job.TargetName(viewName);
            if (db.FindTable(target) is null)
            {
                var view = BackupMeta.Clone(meta.Tables.OfType<View>().First(v => v.Name == viewName));
                view.Id = state.NextId();
                view.Name = target;
                db.Tables.Add(view);
                job.CreatedViewIds.Add(view.Id);
            }
        }

        if (job.CleanTables)
        {
            var kept = objects.Select(o => job.TargetName(o.Key)).Concat(views.Select(job.TargetName)).ToHashSet(StringComparer.Ordinal);
            job.DropTableIds = db.Tables
                .Where(t => !kept.Contains(t.Name) && !t.Name.StartsWith(RestoreJob.AtomicRestorePrefix, StringComparison.Ordinal))
                .Select(t => t.Id).ToList();
        }

        state.InvalidateIndexes();
        return true;
    }

    private static string? Validate(Database db, RestoreJob job, BackupMeta meta, JsonObject objects, List<string> views)
    {
        foreach (var viewName in views)
        {
            var target = job.TargetName(viewName);
            var local = db.FindTable(target);
            var remote = meta.Tables.OfType<View>().FirstOrDefault(v => v.Name == viewName);
            if (remote is null)
            {
                return $"View {viewName} is not in the backup meta";
            }

            if (local is not null && (local is not View localView || localView.Definition != remote.Definition))
            {
                return local is View ? $"View {target} already exist but with different schema"
                    : $"The local table {target} with the same name but a different type of backup meta.";
            }
        }

        foreach (var (sourceName, node) in objects)
        {
            var remote = meta.Tables.OfType<OlapTable>().FirstOrDefault(t => t.Name == sourceName);
            if (remote is null)
            {
                return $"Table {sourceName} is not in the backup meta";
            }

            var target = job.TargetName(sourceName);
            var local = db.FindTable(target);
            if (local is null)
            {
                continue;
            }

            if (local is not OlapTable localOlap)
            {
                return $"The type of local table should be same as type of remote table: {sourceName}";
            }

            if (localOlap.State != "NORMAL")
            {
                return $"Table {target} is in state {localOlap.State}";
            }

            var partitionNames = (node!["partitions"] as JsonObject ?? []).Select(p => p.Key).ToList();
            var intersect = partitionNames.Where(n => localOlap.FindPartition(n, false) is not null).ToList();
            if (!job.ForceReplace && TableSignature.Of(localOlap, intersect) != TableSignature.Of(remote, intersect))
            {
                return $"Table {target} already exist but with different schema";
            }

            if (job.AtomicRestore || job.ForceReplace)
            {
                if (db.FindTable(RestoreJob.AtomicRestorePrefix + target) is not null)
                {
                    return $"Table {RestoreJob.AtomicRestorePrefix + target} is already used (in restoring)";
                }

                continue;
            }

            foreach (var name in partitionNames)
            {
                var remotePartition = remote.FindPartition(name, false)!;
                var localPartition = localOlap.FindPartition(name, false);
                if (localPartition is not null)
                {
                    if (localPartition.RangeString != remotePartition.RangeString)
                    {
                        return $"Partition {name} in table {target} has different partition item with partition in repository";
                    }
                }
                else if (localOlap.PartitionType == PartitionType.UNPARTITIONED)
                {
                    return $"No partition exist in single partitioned table {target}";
                }
                else if (remotePartition.Item is { } item && localOlap.Partitions.Any(p => p.Item is { } other && Intersects(item, other, localOlap.PartitionColumnTypes())))
                {
                    return $"Partition {name} in table {target} has conflict partition item with existing items";
                }
            }
        }

        return null;
    }

    private static bool Intersects(PartitionItem a, PartitionItem b, IReadOnlyList<ColumnType> types) => (a, b) switch
    {
        (RangePartitionItem ra, RangePartitionItem rb) => ra.Intersects(rb, types),
        (ListPartitionItem la, ListPartitionItem lb) => la.Keys.Any(lb.Contains),
        _ => false,
    };

    private static RestoreTablePlan PlanTable(ClusterState state, Database db, RestoreJob job, OlapTable remote, JsonObject node)
    {
        var target = job.TargetName(remote.Name);
        var local = db.FindTable(target) as OlapTable;
        var partitionsJson = node["partitions"] as JsonObject ?? [];
        var plan = new RestoreTablePlan { SourceName = remote.Name, TargetName = target };
        if (local is null || job.AtomicRestore || job.ForceReplace)
        {
            var replication = job.ReserveReplica ? remote.ReplicationNum : job.ReplicationNum;
            TabletAllocator.CheckReplication(state, replication);
            var table = BackupMeta.Clone(remote);
            table.Id = state.NextId();
            table.Name = local is null ? target : RestoreJob.AtomicRestorePrefix + target;
            table.BaseIndex.Name = table.Name;
            table.ReplicationNum = replication;
            table.State = "RESTORE";
            table.IsBeingSynced = job.IsBeingSynced;
            table.TempPartitions.Clear();
            table.CreateTime = table.UpdateTime = state.NowMs();
            if (state.Config.GetBool("restore_reset_index_id"))
            {
                foreach (var index in table.Indexes)
                {
                    var newId = state.NextId();
                    foreach (var p in table.Partitions)
                    {
                        p.GetIndex(index.Id)!.Id = newId;
                    }

                    if (table.BaseIndexId == index.Id)
                    {
                        table.BaseIndexId = newId;
                    }

                    index.Id = newId;
                }
            }

            plan.Created = true;
            plan.ReplacesTableId = local?.Id;
            plan.TableId = table.Id;
            var fresh = new List<Partition>();
            foreach (var source in table.Partitions.Where(p => partitionsJson.ContainsKey(p.Name)))
            {
                var partition = TabletAllocator.CreatePartition(state, table, source.Name, source.Item, source.Distribution, false, source.Indexes.Select(i => i.Id));
                partition.IsInMemory = source.IsInMemory;
                partition.IsMutable = source.IsMutable;
                plan.Partitions.Add(PlanPartition(partition, source, remote, table, partitionsJson[source.Name]!.AsObject(), true));
                fresh.Add(partition);
            }

            table.Partitions = fresh;
            if (local is not null)
            {
                local.InAtomicRestore = true;
            }

            db.Tables.Add(table);
            return plan;
        }

        plan.TableId = local.Id;
        foreach (var (name, partitionNode) in partitionsJson)
        {
            var source = remote.FindPartition(name, false)!;
            var existing = local.FindPartition(name, false);
            if (existing is not null)
            {
                plan.Partitions.Add(PlanPartition(existing, source, remote, local, partitionNode!.AsObject(), false));
                continue;
            }

            var replication = job.ReserveReplica ? remote.ReplicationNum : job.ReplicationNum;
            TabletAllocator.CheckReplication(state, replication);
            var created = TabletAllocator.CreatePartition(state, local, name, source.Item, source.Distribution, false, local.Partitions[0].Indexes.Select(i => i.Id));
            local.Partitions.Add(created);
            plan.Partitions.Add(PlanPartition(created, source, remote, local, partitionNode!.AsObject(), true));
        }

        if (job.CleanPartitions)
        {
            plan.DropPartitionIds = local.Partitions.Where(p => !partitionsJson.ContainsKey(p.Name)).Select(p => p.Id).ToList();
        }

        local.State = "RESTORE";
        return plan;
    }

    /// <summary>Pairs target tablets with source tablets by bucket, index by index (base with base, rollups by name).</summary>
    private static RestorePartitionPlan PlanPartition(Partition target, Partition source, OlapTable remote, OlapTable local, JsonObject node, bool created)
    {
        var plan = new RestorePartitionPlan
        {
            Name = target.Name,
            PartitionId = target.Id,
            Version = node["version"]!.GetValue<long>(),
            Created = created,
        };
        var indexesJson = node["indexes"] as JsonObject ?? [];
        foreach (var sourceIndex in source.Indexes)
        {
            var sourceMeta = remote.Indexes.First(i => i.Id == sourceIndex.Id);
            var targetIndexId = sourceIndex.Id == remote.BaseIndexId
                ? local.BaseIndexId
                : local.Indexes.FirstOrDefault(i => i.Name == sourceMeta.Name)?.Id ?? sourceIndex.Id;
            var targetIndex = target.GetIndex(targetIndexId) ?? target.Indexes.First();
            var order = (indexesJson[sourceMeta.Name]?["tablets_order"] as JsonArray)?.Select(t => long.Parse(t!.ToString(), CultureInfo.InvariantCulture)).ToList()
                ?? sourceIndex.Tablets.Select(t => t.Id).ToList();
            var schemaHash = indexesJson[sourceMeta.Name]?["schema_hash"]?.GetValue<int>() ?? sourceMeta.SchemaHash;
            for (var i = 0; i < Math.Min(order.Count, targetIndex.Tablets.Count); i++)
            {
                plan.Tablets.Add(new RestoreTabletPlan { TabletId = targetIndex.Tablets[i].Id, SourceTabletId = order[i], SourceSchemaHash = schemaHash });
            }
        }

        return plan;
    }

    /// <summary>
    /// COMMITTING: the downloaded snapshots replace the target tablets' rowsets, each partition takes its snapshot
    /// version, atomic replacements swap in, clean_* drops, is_being_synced is set and the tables are NORMAL again.
    /// </summary>
    private static bool Apply(ClusterState state, RestoreJob job, RestoreDownloads.JobDownloads downloads)
    {
        var db = state.FindDb(job.DbId)!;
        var now = state.NowMs();
        foreach (var plan in job.Tables)
        {
            if (db.FindTable(plan.TableId) is not OlapTable table)
            {
                job.Fail("COMMON_ERROR", $"table {plan.TargetName} does not exist");
                CancelInternal(state, job);
                return false;
            }

            foreach (var partitionPlan in plan.Partitions)
            {
                var partition = table.FindPartition(partitionPlan.PartitionId)!;
                foreach (var tabletPlan in partitionPlan.Tablets)
                {
                    state.Store.DeleteRowsetsOfTablet(tabletPlan.TabletId);
                    if (downloads.Files.TryGetValue(tabletPlan.TabletId, out var files))
                    {
                        var index = partition.Indexes.First(i => i.Tablets.Any(t => t.Id == tabletPlan.TabletId));
                        LoadTablet(state, partition, index.Id, tabletPlan.TabletId, files);
                    }
                }

                partition.VisibleVersion = partitionPlan.Version;
                partition.NextVersion = partitionPlan.Version + 1;
                partition.VisibleVersionTime = now;
                foreach (var replica in partition.AllTablets().SelectMany(t => t.Replicas))
                {
                    replica.Version = partitionPlan.Version;
                }
            }

            foreach (var partitionId in plan.DropPartitionIds)
            {
                if (table.FindPartition(partitionId) is { } drop)
                {
                    table.Partitions.Remove(drop);
                    LoadStorage.DeletePartitionData(state, drop);
                }
            }

            if (plan.ReplacesTableId is { } replaced && db.FindTable(replaced) is OlapTable original)
            {
                db.Tables.Remove(original);
                LoadStorage.DeleteTableData(state, original);
            }

            table.Name = plan.TargetName;
            table.BaseIndex.Name = plan.TargetName;
            table.State = "NORMAL";
            table.InAtomicRestore = false;
            table.UpdateTime = now;
            if (job.IsBeingSynced)
            {
                table.IsBeingSynced = true;
            }
        }

        foreach (var id in job.DropTableIds)
        {
            if (db.FindTable(id) is { } drop)
            {
                db.Tables.Remove(drop);
                if (drop is OlapTable olap)
                {
                    LoadStorage.DeleteTableData(state, olap);
                }
            }
        }

        state.InvalidateIndexes();
        return true;
    }

    private static void LoadTablet(ClusterState state, Partition partition, long indexId, long tabletId, IReadOnlyDictionary<string, byte[]> files)
    {
        var headerBytes = files.FirstOrDefault(f => f.Key.EndsWith(".hdr", StringComparison.Ordinal)).Value;
        if (headerBytes is null)
        {
            return;
        }

        var header = JsonSerializer.Deserialize<TabletSnapshotHeader>(headerBytes)!;
        foreach (var rowset in header.Rowsets.OrderBy(r => r.Version))
        {
            var data = rowset.NumSegments > 0 ? files.GetValueOrDefault(SnapshotPaths.SegmentName(rowset.RowsetId)) : null;
            var meta = new RowsetMeta
            {
                RowsetId = state.NextRowsetId(),
                TabletId = tabletId,
                PartitionId = partition.Id,
                IndexId = indexId,
                TxnId = 0,
                Version = rowset.Version,
                NumRows = rowset.NumRows,
                NumSegments = data is null ? 0 : 1,
                DeletePredicate = rowset.DeletePredicate,
                CreationTime = state.NowMs() / 1000,
            };
            state.Store.InsertRowset(new StoredRowset(meta.RowsetId, tabletId, rowset.Version, 0, rowset.NumRows, JsonSerializer.Serialize(meta), data));
        }
    }

    /// <summary>Cancels a restore: what it created goes away, the existing tables are NORMAL again.</summary>
    public static void CancelInternal(ClusterState state, RestoreJob job)
    {
        var db = state.FindDb(job.DbId);
        if (db is not null)
        {
            foreach (var plan in job.Tables)
            {
                if (db.FindTable(plan.TableId) is not OlapTable table)
                {
                    continue;
                }

                if (plan.Created)
                {
                    db.Tables.Remove(table);
                    LoadStorage.DeleteTableData(state, table);
                    if (plan.ReplacesTableId is { } original && db.FindTable(original) is OlapTable originalTable)
                    {
                        originalTable.InAtomicRestore = false;
                    }

                    continue;
                }

                foreach (var partitionPlan in plan.Partitions.Where(p => p.Created))
                {
                    if (table.FindPartition(partitionPlan.PartitionId) is { } created)
                    {
                        table.Partitions.Remove(created);
                        LoadStorage.DeletePartitionData(state, created);
                    }
                }

                table.State = "NORMAL";
            }

            foreach (var id in job.CreatedViewIds)
            {
                if (db.FindTable(id) is { } view)
                {
                    db.Tables.Remove(view);
                }
            }
        }

        state.InvalidateIndexes();
        job.FinishedTime = state.NowMs();
        BackupHandler.Move(state, job, RestoreJob.Cancelled);
    }
}
