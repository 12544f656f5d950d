using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Logging;
using Syncer.Doris.Sql;
using Syncer.Doris.Thrift;
using Syncer.Engine.Database;
using Syncer.Jobs;

namespace Syncer.Engine.FullSync;

/// <summary>
/// The steps of a database job's full sync (every table and view of the source database) and of its partial sync of
/// one table (the whole table, or some partitions): BACKUP on the source, getSnapshot, restoreSnapshot on the target,
/// then the table map and the switch to incremental sync. As in <see cref="TableSnapshotSteps"/>, each step persists
/// what it is about to do (snapshot name, restore label, aliases) before doing it, and run again first looks for the
/// work of its earlier run.
/// </summary>
public static partial class DbSnapshotSteps
{
    /// <summary>Names the snapshot (persisted), then runs or waits for its BACKUP. An empty source database goes straight to incremental sync.</summary>
    public static async Task<StepResult> CreateSnapshotAsync(JobSession s, JobProgress p, CancellationToken ct)
    {
        var info = s.Info;
        var partial = Partial(p);
        if (p.Data.Length == 0)
        {
            if (partial is null)
            {
                // The head is read before the listing: a table created after it is either listed or replayed from its CREATE_TABLE.
                var head = await SourceHeadAsync(s, ct).ConfigureAwait(false);
                if ((await ObjectsAsync(s, ct).ConfigureAwait(false)).Count == 0) return EmptyDatabase(s, p, head);
            }
            var now = s.Time.GetUtcNow();
            var name = partial is null ? Labels.FullSnapshot(info, now) : Labels.PartialSnapshot(info, partial.Table, now);
            return new StepResult.Advance(p with { Data = name });
        }
        var snapshot = p.Data;
        var row = await SnapshotSql.ShowBackupAsync(s.Clients.SourceSql, info.Src.Database, snapshot, ct).ConfigureAwait(false);
        if (row?.State == "CANCELLED")
        {
            s.Logger.LogWarning("backup {Snapshot} was cancelled ({Status}); starting a new one", snapshot, row.Status);
            return new StepResult.Advance(p with { Data = "" });
        }
        if (row is null)
        {
            string statement;
            if (partial is null)
            {
                var objects = await ObjectsAsync(s, ct).ConfigureAwait(false);
                // Every table was dropped since the snapshot was named: decide again (an empty database needs no backup).
                if (objects.Count == 0) return new StepResult.Advance(p with { Data = "" });
                statement = SnapshotSql.BackupTables(info.Src.Database, snapshot, objects.Select(o => o.Name).ToList());
                s.Logger.LogInformation("backing up {Count} tables and views of {Database} on the source as {Snapshot}", objects.Count, info.Src.Database, snapshot);
            }
            else
            {
                statement = SnapshotSql.Backup(info.Src.Database, snapshot, partial.Table, partial.Partitions);
                s.Logger.LogInformation("backing up {Table} {Partitions} on the source as {Snapshot}", partial.Table, string.Join(",", partial.Partitions), snapshot);
            }
            try
            {
                await s.Clients.SourceSql.ExecuteAsync(statement, ct).ConfigureAwait(false);
            }
            catch (DorisSqlException e) when (partial is not null && IsMissingTable(e))
            {
                // The table went away on the source since the binlog asked for it: its DROP follows, nothing to restore.
                s.Logger.LogWarning("partial sync of {Table}: it is gone from the source ({Error}); continuing without it", partial.Table, e.Message);
                return new StepResult.Advance(Resume(s, p, p.CommitSeq));
            }
            catch (DorisSqlException e)
            {
                // One backup per database at a time; a table dropped between listing and backup also lands here: retried.
                throw SyncException.Transient($"BACKUP {snapshot} on the source: {e.Message}", e);
            }
        }
        row = await TableSnapshotSteps.WaitAsync(s, () => SnapshotSql.ShowBackupAsync(s.Clients.SourceSql, info.Src.Database, snapshot, ct),
            $"backup {snapshot}", ct).ConfigureAwait(false);
        if (row.State != "FINISHED") throw SyncException.Transient($"backup {snapshot} was cancelled: {row.Status}");
        return new StepResult.Advance(p with { SubSyncState = SyncStep.GetSnapshot.ToSubState(), Data = snapshot });
    }

    /// <summary>Fetches the snapshot, reads what it holds, and names the restore (persisted before restoreSnapshot is sent).</summary>
    public static async Task<StepResult> GetSnapshotAsync(JobSession s, JobProgress p, CancellationToken ct)
    {
        var fetched = await FetchAsync(s, p, p.Data, ct).ConfigureAwait(false);
        if (fetched is null) return TableSnapshotSteps.Restart(s, p, $"snapshot {p.Data} is gone from the source");
        s.Snapshot = fetched.Value.Snapshot;
        var data = fetched.Value.Data with { RestoreLabel = Labels.Restore(p.Data, s.Time.GetUtcNow()) };
        if (Partial(p) is { } partial)
        {
            if (partial.Partitions.Count > 0)
            {
                data = data with { Ranges = await RangesAsync(s, partial, ct).ConfigureAwait(false) };
            }
            else if (await new DorisSqlGateway(s.Clients.TargetSql).TableExistsAsync(s.Info.Dest.Database, partial.Table, ct).ConfigureAwait(false))
            {
                // A whole table is restored beside the target's and swapped in: the target table stays readable meanwhile.
                data = data with { Aliases = new() { [partial.Table] = Labels.Alias(partial.Table, s.Time.GetUtcNow()) } };
            }
        }
        return new StepResult.Advance(p with { SubSyncState = SyncStep.RestoreSnapshot.ToSubState(), Data = Serialize(data) });
    }

    /// <summary>Runs or waits for the labelled restore; a target object of another schema is restored beside (tables) or dropped (views).</summary>
    public static async Task<StepResult> RestoreAsync(JobSession s, JobProgress p, CancellationToken ct)
    {
        var dest = s.Info.Dest;
        if (Deserialize(p.Data) is not { } data) return TableSnapshotSteps.Restart(s, p, "the persisted restore step is unreadable");
        var row = await SnapshotSql.ShowRestoreAsync(s.Clients.TargetSql, dest.Database, data.RestoreLabel, ct).ConfigureAwait(false);
        if (row is { State: "CANCELLED" }) return await RetryAsync(s, p, data, row, waited: false, ct).ConfigureAwait(false);
        if (row is null)
        {
            FetchedSnapshot? snapshot = s.Snapshot is { } held && held.Name == data.SnapshotName ? held : null;
            if (snapshot is null)
            {
                snapshot = (await FetchAsync(s, p, data.SnapshotName, ct).ConfigureAwait(false))?.Snapshot;
                if (snapshot is null) return TableSnapshotSteps.Restart(s, p, $"snapshot {data.SnapshotName} is gone from the source");
            }
            s.Snapshot = snapshot;
            await TableSnapshotSteps.CancelStaleRestoresAsync(s, data.RestoreLabel, ct).ConfigureAwait(false);
            await SendRestoreAsync(s, p, data, snapshot, ct).ConfigureAwait(false);
        }
        row = await TableSnapshotSteps.WaitAsync(s, () => SnapshotSql.ShowRestoreAsync(s.Clients.TargetSql, dest.Database, data.RestoreLabel, ct),
            $"restore {data.RestoreLabel}", ct).ConfigureAwait(false);
        if (row.State != "FINISHED") return await RetryAsync(s, p, data, row, waited: true, ct).ConfigureAwait(false);
        s.Snapshot = null;
        return new StepResult.Advance(p with { SubSyncState = SyncStep.PersistRestoreInfo.ToSubState() });
    }

    /// <summary>Swaps aliases in, maps every restored table to its target id, and starts (or resumes) incremental sync.</summary>
    public static async Task<StepResult> FinishAsync(JobSession s, JobProgress p, CancellationToken ct)
    {
        var info = s.Info;
        var dest = info.Dest;
        if (Deserialize(p.Data) is not { } data) return TableSnapshotSteps.Restart(s, p, "the persisted restore step is unreadable");
        var gateway = new DorisSqlGateway(s.Clients.TargetSql);
        foreach (var (table, alias) in data.Aliases)
        {
            // Guarded by the alias's existence, so a crash after the swap does not swap again.
            if (!await gateway.TableExistsAsync(dest.Database, alias, ct).ConfigureAwait(false)) continue;
            var statement = await gateway.TableExistsAsync(dest.Database, table, ct).ConfigureAwait(false)
                ? $"ALTER TABLE {DorisSql.Identifier(dest.Database)}.{DorisSql.Identifier(table)} REPLACE WITH TABLE {DorisSql.Identifier(alias)} PROPERTIES(\"swap\" = \"false\")"
                : $"ALTER TABLE {DorisSql.Identifier(dest.Database)}.{DorisSql.Identifier(alias)} RENAME {DorisSql.Identifier(table)}";
            s.Logger.LogInformation("swapping restored {Alias} in as {Table}", alias, table);
            await s.Clients.TargetSql.ExecuteAsync(statement, ct).ConfigureAwait(false);
        }
        var dbId = dest.DbId != 0 ? dest.DbId : await gateway.DatabaseIdAsync(dest.Database, ct).ConfigureAwait(false)
            ?? throw SyncException.Transient($"target database {dest.Database} not found after the restore");
        var targets = await DbCatalog.ListAsync(s.Clients.TargetSql, dbId, ct).ConfigureAwait(false);
        s.ForgetClusterState();
        var now = s.Time.GetUtcNow().ToUnixTimeSeconds();
        JobProgress next;
        if (p.SyncState == SyncState.DBFullSync)
        {
            next = p with { TableMapping = [], TableNames = [] };
            foreach (var table in data.Tables)
            {
                if (targets.FirstOrDefault(t => t.Name == table.Name) is { } found) next = DbTableMap.Map(next, table.Id, table.Name, found.Id);
                else s.Logger.LogWarning("restored {Table} is not on the target; its binlogs will map it by name", table.Name);
            }
            next = next with
            {
                SyncState = data.TableCommitSeqMap.Count > 0 ? SyncState.DBTablesIncrementalSync : SyncState.DBIncrementalSync,
                SubSyncState = SubSyncState.Done,
                PrevCommitSeq = data.CommitSeq,
                CommitSeq = data.CommitSeq,
                Data = "",
                TableCommitSeqMap = data.TableCommitSeqMap.Count > 0 ? data.TableCommitSeqMap : null,
                PartialSyncData = null,
                TableAliases = null,
                ShadowIndexMap = null,
                PartitionFilter = null,
                IncrementalSyncStartAt = now,
                IngestBinlogAt = 0,
            };
            // One table (or all at the same seq): nothing is left to filter, and no binlog may come to say so.
            next = IncrementalStep.LeaveTablesIncremental(next, data.CommitSeq);
            s.Logger.LogInformation("full sync done: {Count} tables and views restored; incremental sync starts after commit seq {CommitSeq}",
                data.Tables.Count, data.CommitSeq);
            return new StepResult.Advance(next, info with { Dest = dest with { DbId = dbId } });
        }

        var partial = Partial(p) ?? throw SyncException.Permanent("partial sync without partial_sync_data");
        next = p;
        var sourceId = data.Tables.FirstOrDefault(t => t.Name == partial.Table)?.Id ?? partial.TableId;
        if (targets.FirstOrDefault(t => t.Name == partial.Table) is { } target) next = DbTableMap.Map(next, sourceId, partial.Table, target.Id);
        var tableSeq = data.TableCommitSeqMap.GetValueOrDefault(sourceId, data.CommitSeq);
        if (data.Ranges is { Count: > 0 } ranges)
        {
            // Loads into the restored partitions up to the snapshot are in it; loads into the others are not.
            next = next with { PartitionFilter = new PartitionFilter { TableId = sourceId, Ranges = ranges, UntilCommitSeq = tableSeq } };
        }
        else
        {
            // The whole table is in the snapshot up to its seq: its binlogs up to there are skipped.
            next = next with { TableCommitSeqMap = new Dictionary<long, long>(next.TableCommitSeqMap ?? []) { [sourceId] = tableSeq } };
        }
        s.Logger.LogInformation("partial sync of {Table} done (snapshot seq {TableSeq}); incremental sync resumes after commit seq {CommitSeq}",
            partial.Table, tableSeq, p.CommitSeq);
        return new StepResult.Advance(Resume(s, next, p.CommitSeq));
    }

    /// <summary>The incremental state a database job returns to after a partial sync, resuming after <paramref name="seq"/>.</summary>
    private static JobProgress Resume(JobSession s, JobProgress p, long seq) => IncrementalStep.LeaveTablesIncremental(p with
    {
        SyncState = p.TableCommitSeqMap is { Count: > 0 } ? SyncState.DBTablesIncrementalSync : SyncState.DBIncrementalSync,
        SubSyncState = SubSyncState.Done,
        PrevCommitSeq = seq,
        CommitSeq = seq,
        Data = "",
        PartialSyncData = null,
        TableAliases = null,
        IngestBinlogAt = s.Time.GetUtcNow().ToUnixTimeSeconds(),
    }, seq);

    private static PartialSyncData? Partial(JobProgress p) => p.SyncState == SyncState.DBPartialSync ? p.PartialSyncData : null;

    private static StepResult EmptyDatabase(JobSession s, JobProgress p, long? head)
    {
        if (head is null)
            throw SyncException.Transient($"source database {s.Info.Src.Database} has no table yet and its FE does not report its last commit seq; waiting for a table");
        s.Logger.LogInformation("source database {Database} has no table yet; replaying its binlogs after commit seq {CommitSeq}", s.Info.Src.Database, head);
        return new StepResult.Advance(p with
        {
            SyncState = SyncState.DBIncrementalSync,
            SubSyncState = SubSyncState.Done,
            PrevCommitSeq = head.Value,
            CommitSeq = head.Value,
            Data = "",
            TableMapping = [],
            TableNames = [],
            TableCommitSeqMap = null,
            IncrementalSyncStartAt = s.Time.GetUtcNow().ToUnixTimeSeconds(),
        });
    }

    // The source database's last commit seq (getBinlogLag, Doris 2.1+); 0 when it has recorded no binlog yet.
    private static async Task<long?> SourceHeadAsync(JobSession s, CancellationToken ct)
    {
        var src = s.Info.Src;
        var result = await s.Clients.SourceFe.GetBinlogLagAsync(new TGetBinlogRequest
        {
            User = src.User,
            Passwd = src.Password,
            Db = src.Database,
            PrevCommitSeq = 0,
        }, ct).ConfigureAwait(false);
        return ThriftStatus.CodeOf(result.Status) switch
        {
            TStatusCode.OK => result.LastCommitSeq,
            TStatusCode.BINLOG_NOT_FOUND_DB => 0,
            _ => throw SyncException.Transient($"getBinlogLag on the source: {ThriftStatus.Describe(result.Status)}"),
        };
    }

    // The source tables and views this job replicates, as the source lists them now.
    private static async Task<IReadOnlyList<CatalogTable>> ObjectsAsync(JobSession s, CancellationToken ct) =>
        (await DbCatalog.ListAsync(s.Clients.SourceSql, s.Info.Src.DbId, ct).ConfigureAwait(false))
            .Where(t => JobTableScope.Includes(s.Info, t.Name)).ToList();

    private static async Task<StepResult> RetryAsync(JobSession s, JobProgress p, DbRestoreData data, SnapshotSql.JobRow row, bool waited, CancellationToken ct)
    {
        s.Snapshot = null;
        var dest = s.Info.Dest;
        var mismatch = Mismatch().Match(row.Status);
        if (mismatch.Success)
        {
            var name = mismatch.Groups["name"].Value;
            var isView = mismatch.Groups["kind"].Value == "View";
            var differentKind = mismatch.Groups["kind"].Value.Length == 0;
            if (Partial(p) is { Partitions.Count: > 0 } partial)
            {
                // Partitions cannot be restored into a table of another schema: the whole table is synced instead.
                s.Logger.LogWarning("target table {Table} has another schema; syncing the whole table", name);
                return new StepResult.Advance(p with
                {
                    SubSyncState = SyncStep.CreateSnapshot.ToSubState(),
                    Data = "",
                    PartialSyncData = partial with { Partitions = [], PartitionIds = [] },
                });
            }
            if (!isView && !differentKind && s.Options.Features.ReplaceNotMatchedWithAlias && !data.Aliases.ContainsKey(name))
            {
                var alias = Labels.Alias(name, s.Time.GetUtcNow());
                s.Logger.LogWarning("target table {Table} has another schema; restoring into {Alias} and replacing it", name, alias);
                return new StepResult.Advance(p with
                {
                    Data = Serialize(data with
                    {
                        Aliases = new Dictionary<string, string>(data.Aliases) { [name] = alias },
                        RestoreLabel = TableSnapshotSteps.NextLabel(s, data.SnapshotName, data.RestoreLabel),
                    }),
                });
            }
            // A view (or an object of another kind) cannot be aliased: it is dropped and the restore creates it anew.
            s.Logger.LogWarning("target {Kind} {Name} differs from the source's; dropping it before restoring again", isView ? "view" : "object", name);
            var target = $"{DorisSql.Identifier(dest.Database)}.{DorisSql.Identifier(name)}";
            // Gone already when an earlier run dropped it and died before persisting the new label.
            if (await DbCatalog.FindAsync(s.Clients.TargetSql, dest.DbId, name, ct).ConfigureAwait(false) is { } existing)
                await s.Clients.TargetSql.ExecuteAsync(existing.IsView ? $"DROP VIEW IF EXISTS {target}" : $"DROP TABLE IF EXISTS {target}", ct).ConfigureAwait(false);
            return new StepResult.Advance(p with { Data = Serialize(data with { RestoreLabel = TableSnapshotSteps.NextLabel(s, data.SnapshotName, data.RestoreLabel) }) });
        }
        if (waited) throw SyncException.Transient($"restore {data.RestoreLabel} was cancelled: {row.Status}");
        s.Logger.LogWarning("restore {Label} was cancelled ({Status}); restoring again", data.RestoreLabel, row.Status);
        return new StepResult.Advance(p with { Data = Serialize(data with { RestoreLabel = TableSnapshotSteps.NextLabel(s, data.SnapshotName, data.RestoreLabel) }) });
    }

    private static async Task SendRestoreAsync(JobSession s, JobProgress p, DbRestoreData data, FetchedSnapshot snapshot, CancellationToken ct)
    {
        var info = s.Info;
        var partial = Partial(p);
        List<TTableRef>? refs = null;
        if (data.Aliases.Count > 0)
        {
            // Every object of the snapshot is named, the aliased ones with their alias (the Go syncer listed only the
            // aliased tables, so the others were left out of the retried restore).
            refs = data.Tables.Select(t => new TTableRef { Table = t.Name, AliasName = data.Aliases.GetValueOrDefault(t.Name) }).ToList();
        }
        var request = new TRestoreSnapshotRequest
        {
            User = info.Dest.User,
            Passwd = info.Dest.Password,
            Db = info.Dest.Database,
            Table = partial?.Table ?? "",
            LabelName = data.RestoreLabel,
            RepoName = "__keep_on_local__",
            TableRefs = refs,
            Properties = new Dictionary<string, string> { ["reserve_replica"] = "true" },
            Meta = snapshot.Meta,
            JobInfo = snapshot.JobInfo,
            CleanTables = false,
            CleanPartitions = false,
            // The database stays readable during a full sync; a partial sync restores into an alias or into existing partitions.
            AtomicRestore = partial is null && s.Options.Features.AtomicRestore,
        };
        s.Logger.LogInformation("restoring {Snapshot} ({Count} objects) on the target as {Label}", data.SnapshotName, data.Tables.Count, data.RestoreLabel);
        var result = await s.Clients.TargetFe.RestoreSnapshotAsync(request, ct).ConfigureAwait(false);
        if (ThriftStatus.CodeOf(result.Status) != TStatusCode.OK)
            throw SyncException.Transient($"restoreSnapshot {data.RestoreLabel} on the target: {ThriftStatus.Describe(result.Status)}");
    }

    private static async Task<(FetchedSnapshot Snapshot, DbRestoreData Data)?> FetchAsync(JobSession s, JobProgress p, string name, CancellationToken ct)
    {
        if (await TableSnapshotSteps.FetchJobInfoAsync(s, Partial(p)?.Table ?? "", name, ct).ConfigureAwait(false) is not var (meta, tree, result))
            return null;
        var data = Describe(tree, result.CommitSeq);
        tree["extra_info"] = await TableSnapshotSteps.ExtraInfoAsync(s, ct).ConfigureAwait(false);
        return (new FetchedSnapshot(name, meta, Encoding.UTF8.GetBytes(tree.ToJsonString()), data.CommitSeq), data with { SnapshotName = name });
    }

    /// <summary>
    /// What a snapshot's job_info holds: the tables (<c>backup_objects</c>, keyed by name with their id), the views
    /// (<c>new_backup_objects.views</c>), each table's commit seq (<c>table_commit_seq_map</c>), and the smallest of those
    /// seqs, where incremental sync resumes (the snapshot's own seq when it holds only views).
    /// </summary>
    public static DbRestoreData Describe(JsonObject jobInfo, long snapshotSeq)
    {
        ArgumentNullException.ThrowIfNull(jobInfo);
        var tables = new List<SnapshotTable>();
        if (jobInfo["backup_objects"] is JsonObject objects)
        {
            foreach (var (tableName, node) in objects)
                tables.Add(new SnapshotTable { Id = node?["id"]?.GetValue<long>() ?? 0, Name = tableName });
        }
        if (jobInfo["new_backup_objects"]?["views"] is JsonArray views)
        {
            foreach (var view in views.OfType<JsonObject>())
                tables.Add(new SnapshotTable { Id = view["id"]?.GetValue<long>() ?? 0, Name = view["name"]?.GetValue<string>() ?? "", IsView = true });
        }
        var seqs = new Dictionary<long, long>();
        if (jobInfo["table_commit_seq_map"] is JsonObject map)
        {
            foreach (var (key, value) in map)
            {
                if (long.TryParse(key, NumberStyles.Integer, CultureInfo.InvariantCulture, out var id) && value is not null) seqs[id] = value.GetValue<long>();
            }
        }
        return new DbRestoreData
        {
            CommitSeq = seqs.Count > 0 ? seqs.Values.Min() : snapshotSeq,
            TableCommitSeqMap = seqs,
            Tables = tables,
        };
    }

    private static async Task<IReadOnlyList<string>> RangesAsync(JobSession s, PartialSyncData partial, CancellationToken ct)
    {
        var id = partial.TableId;
        var layout = await s.SourceMeta.TableAsync(s.Info.Src.DbId, id, refresh: true, ct).ConfigureAwait(false);
        return partial.Partitions.Select(name => layout.Table.Partitions?.FirstOrDefault(x => x.Name == name)?.Range
            ?? throw SyncException.Meta($"partition {name} of {partial.Table} not found on the source")).ToList();
    }

    private static bool IsMissingTable(DorisSqlException e) =>
        e.Message.Contains("does not exist", StringComparison.OrdinalIgnoreCase) || e.Message.Contains("Unknown table", StringComparison.OrdinalIgnoreCase);

    private static string Serialize(DbRestoreData data) => JsonSerializer.Serialize(data);

    private static DbRestoreData? Deserialize(string data)
    {
        try
        {
            return JsonSerializer.Deserialize<DbRestoreData>(data);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    // Doris's restore messages for a target object that differs: "Table t already exist but with different schema",
    // "View v already exist but with different schema", "The local table t with the same name but a different type of backup meta."
    [GeneratedRegex(@"(?:(?<kind>Table|View) (?<name>\S+) already exist but with different schema|The local table (?<name>\S+) with the same name but a different type)")]
    private static partial Regex Mismatch();
}
