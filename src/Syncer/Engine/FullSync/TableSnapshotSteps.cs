using System.IO.Compression;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Syncer.Doris.Sql;
using Syncer.Doris.Thrift;
using Syncer.Jobs;

namespace Syncer.Engine.FullSync;

/// <summary>
/// The steps of a table job's full sync (and of its partial sync of some partitions): BACKUP on the source, getSnapshot,
/// restoreSnapshot on the target, then the switch to incremental sync at the table's commit seq in the snapshot. Each
/// step persists what it is about to do before doing it and, run again, first looks for the work of its earlier run
/// (the named backup, the labelled restore), so a crash at any point neither repeats nor loses a step.
/// </summary>
public static class TableSnapshotSteps
{
    /// <summary>Names the snapshot (persisted), then runs or waits for its BACKUP.</summary>
    public static async Task<StepResult> CreateSnapshotAsync(JobSession s, JobProgress p, CancellationToken ct)
    {
        var info = s.Info;
        var partial = p.SyncState == SyncState.TablePartialSync ? p.PartialSyncData : null;
        if (p.Data.Length == 0)
        {
            var now = s.Time.GetUtcNow();
            var name = partial is null ? Labels.FullSnapshot(info, now) : Labels.PartialSnapshot(info, info.Src.Table, now);
            return new StepResult.Advance(p with { Data = name });
        }
        var snapshot = p.Data;
        var row = await SnapshotSql.ShowBackupAsync(s.Clients.SourceSql, info.Src.Database, snapshot, ct).ConfigureAwait(false);
        if (row?.State == "CANCELLED")
        {
            // A backup cancelled before this run looked: name a new one (the next run sends it).
            s.Logger.LogWarning("backup {Snapshot} was cancelled ({Status}); starting a new one", snapshot, row.Status);
            return new StepResult.Advance(p with { Data = "" });
        }
        if (row is null)
        {
            s.Logger.LogInformation("backing up {Table} on the source as {Snapshot}", info.Src.Table, snapshot);
            try
            {
                await s.Clients.SourceSql.ExecuteAsync(
                    SnapshotSql.Backup(info.Src.Database, snapshot, info.Src.Table, partial?.Partitions ?? []), ct).ConfigureAwait(false);
            }
            catch (DorisSqlException e)
            {
                // Doris runs one backup per database at a time: another job's backup makes this one wait its turn.
                throw SyncException.Transient($"BACKUP {snapshot} on the source: {e.Message}", e);
            }
        }
        row = await WaitAsync(s, () => SnapshotSql.ShowBackupAsync(s.Clients.SourceSql, info.Src.Database, snapshot, ct), $"backup {snapshot}", ct)
            .ConfigureAwait(false);
        if (row.State != "FINISHED") throw SyncException.Transient($"backup {snapshot} was cancelled: {row.Status}");
        return new StepResult.Advance(p with { SubSyncState = SyncStep.GetSnapshot.ToSubState(), Data = snapshot });
    }

    /// <summary>Fetches the snapshot and names the restore (persisted before restoreSnapshot is sent).</summary>
    public static async Task<StepResult> GetSnapshotAsync(JobSession s, JobProgress p, CancellationToken ct)
    {
        var fetched = await FetchAsync(s, p.Data, ct).ConfigureAwait(false);
        if (fetched is null) return Restart(s, p, $"snapshot {p.Data} is gone from the source");
        s.Snapshot = fetched;
        var data = new RestoreData
        {
            SnapshotName = fetched.Name,
            RestoreLabel = Labels.Restore(fetched.Name, s.Time.GetUtcNow()),
            CommitSeq = fetched.TableCommitSeq,
        };
        if (p.SyncState == SyncState.TablePartialSync && p.PartialSyncData is { Partitions.Count: > 0 } partial)
            data = data with { Ranges = await RangesAsync(s, partial.Partitions, ct).ConfigureAwait(false) };
        return new StepResult.Advance(p with { SubSyncState = SyncStep.RestoreSnapshot.ToSubState(), Data = Serialize(data) });
    }

    /// <summary>Runs or waits for the labelled restore; a schema mismatch restores into an alias instead.</summary>
    public static async Task<StepResult> RestoreAsync(JobSession s, JobProgress p, CancellationToken ct)
    {
        var info = s.Info;
        if (Deserialize(p.Data) is not { } data) return Restart(s, p, "the persisted restore step is unreadable");
        var dest = info.Dest;
        var row = await SnapshotSql.ShowRestoreAsync(s.Clients.TargetSql, dest.Database, data.RestoreLabel, ct).ConfigureAwait(false);
        if (row is { State: "CANCELLED" }) return Retry(s, p, data, row, waited: false);
        if (row is null)
        {
            var snapshot = s.Snapshot is { } held && held.Name == data.SnapshotName ? held : await FetchAsync(s, data.SnapshotName, ct).ConfigureAwait(false);
            if (snapshot is null) return Restart(s, p, $"snapshot {data.SnapshotName} is gone from the source");
            s.Snapshot = snapshot;
            await CancelStaleRestoresAsync(s, data.RestoreLabel, ct).ConfigureAwait(false);
            await SendRestoreAsync(s, p, data, snapshot, ct).ConfigureAwait(false);
        }
        row = await WaitAsync(s, () => SnapshotSql.ShowRestoreAsync(s.Clients.TargetSql, dest.Database, data.RestoreLabel, ct),
            $"restore {data.RestoreLabel}", ct).ConfigureAwait(false);
        if (row.State != "FINISHED") return Retry(s, p, data, row, waited: true);
        s.Snapshot = null;
        return new StepResult.Advance(p with { SubSyncState = SyncStep.PersistRestoreInfo.ToSubState() });
    }

    /// <summary>Swaps an alias in, resolves the target table id, and starts incremental sync.</summary>
    public static async Task<StepResult> FinishAsync(JobSession s, JobProgress p, CancellationToken ct)
    {
        var info = s.Info;
        if (Deserialize(p.Data) is not { } data) return Restart(s, p, "the persisted restore step is unreadable");
        var dest = info.Dest;
        var gateway = new DorisSqlGateway(s.Clients.TargetSql);
        if (data.Alias is { } alias && await gateway.TableExistsAsync(dest.Database, alias, ct).ConfigureAwait(false))
        {
            var target = $"{DorisSql.Identifier(dest.Database)}.{DorisSql.Identifier(dest.Table)}";
            var statement = await gateway.TableExistsAsync(dest.Database, dest.Table, ct).ConfigureAwait(false)
                ? $"ALTER TABLE {target} REPLACE WITH TABLE {DorisSql.Identifier(alias)} PROPERTIES(\"swap\" = \"false\")"
                : $"ALTER TABLE {DorisSql.Identifier(dest.Database)}.{DorisSql.Identifier(alias)} RENAME {DorisSql.Identifier(dest.Table)}";
            s.Logger.LogInformation("swapping restored {Alias} in as {Table}", alias, dest.Table);
            await s.Clients.TargetSql.ExecuteAsync(statement, ct).ConfigureAwait(false);
        }
        var dbId = await gateway.DatabaseIdAsync(dest.Database, ct).ConfigureAwait(false)
            ?? throw SyncException.Transient($"target database {dest.Database} not found after the restore");
        var tableId = await gateway.TableIdAsync(dbId, dest.Table, ct).ConfigureAwait(false)
            ?? throw SyncException.Transient($"target table {dest.Database}.{dest.Table} not found after the restore");
        s.ForgetClusterState();
        var now = s.Time.GetUtcNow().ToUnixTimeSeconds();
        var partial = p.SyncState == SyncState.TablePartialSync;
        // A partial sync of partitions resumes right after its triggering binlog, skipping the restored partitions'
        // loads up to the snapshot; any other snapshot holds the whole table up to its commit seq.
        var resumeAt = partial && data.Ranges is { Count: > 0 } ? p.CommitSeq : data.CommitSeq;
        var next = p with
        {
            SyncState = SyncState.TableIncrementalSync,
            SubSyncState = SubSyncState.Done,
            PrevCommitSeq = resumeAt,
            CommitSeq = resumeAt,
            Data = "",
            PartialSyncData = null,
            TableAliases = null,
            ShadowIndexMap = null,
            PartitionFilter = partial && data.Ranges is { Count: > 0 } ranges
                ? new PartitionFilter { TableId = info.Src.TableId, Ranges = ranges, UntilCommitSeq = data.CommitSeq }
                : null,
            IncrementalSyncStartAt = now,
            IngestBinlogAt = 0,
        };
        s.Logger.LogInformation("{Kind} sync done; incremental sync starts after commit seq {CommitSeq} (target table id {TableId})",
            partial ? "partial" : "full", resumeAt, tableId);
        return new StepResult.Advance(next, info with { Dest = dest with { DbId = dbId, TableId = tableId } });
    }

    // A cancelled restore is retried under a new label: at once when this run found it cancelled, after the runner's
    // backoff when this run saw it fail (so a restore that keeps failing is not resent in a tight loop).
    private static StepResult Retry(JobSession s, JobProgress p, RestoreData data, SnapshotSql.JobRow row, bool waited)
    {
        // The next attempt fetches the snapshot again: it may have expired meanwhile (then a new backup starts).
        s.Snapshot = null;
        if (row.Status.Contains("already exist but with different schema", StringComparison.OrdinalIgnoreCase) && data.Alias is null
            && s.Options.Features.ReplaceNotMatchedWithAlias)
        {
            // The target table differs from the snapshot's: restore beside it and swap it in afterwards.
            var alias = Labels.Alias(s.Info.Dest.Table, s.Time.GetUtcNow());
            s.Logger.LogWarning("target table {Table} has another schema; restoring into {Alias} and replacing it", s.Info.Dest.Table, alias);
            return new StepResult.Advance(p with
            {
                Data = Serialize(data with { Alias = alias, RestoreLabel = NextLabel(s, data.SnapshotName, data.RestoreLabel) }),
            });
        }
        if (waited) throw SyncException.Transient($"restore {data.RestoreLabel} was cancelled: {row.Status}");
        s.Logger.LogWarning("restore {Label} was cancelled ({Status}); restoring again", data.RestoreLabel, row.Status);
        return new StepResult.Advance(p with { Data = Serialize(data with { RestoreLabel = NextLabel(s, data.SnapshotName, data.RestoreLabel) }) });
    }

    // Labels carry seconds: a retry within the same second gets a counter so it never reuses a cancelled label.
    internal static string NextLabel(JobSession s, string snapshotName, string currentLabel)
    {
        var label = Labels.Restore(snapshotName, s.Time.GetUtcNow());
        return label.Length <= currentLabel.Length && currentLabel.StartsWith(label, StringComparison.Ordinal)
            ? $"{label}_{(currentLabel.Length - label.Length + 1).ToString(System.Globalization.CultureInfo.InvariantCulture)}"
            : label;
    }

    // An expired or missing snapshot cannot be waited for: back up again.
    internal static StepResult Restart(JobSession s, JobProgress p, string reason)
    {
        s.Logger.LogWarning("{Reason}; the sync starts again from a new backup", reason);
        s.Snapshot = null;
        return new StepResult.Advance(p with { SubSyncState = SyncStep.CreateSnapshot.ToSubState(), Data = "" });
    }

    private static async Task SendRestoreAsync(JobSession s, JobProgress p, RestoreData data, FetchedSnapshot snapshot, CancellationToken ct)
    {
        var info = s.Info;
        var partial = p.SyncState == SyncState.TablePartialSync;
        var target = data.Alias ?? info.Dest.Table;
        var request = new TRestoreSnapshotRequest
        {
            User = info.Dest.User,
            Passwd = info.Dest.Password,
            Db = info.Dest.Database,
            Table = info.Dest.Table,
            LabelName = data.RestoreLabel,
            RepoName = "__keep_on_local__",
            TableRefs = target != info.Src.Table ? [new TTableRef { Table = info.Src.Table, AliasName = target }] : null,
            Properties = new Dictionary<string, string> { ["reserve_replica"] = "true" },
            Meta = snapshot.Meta,
            JobInfo = snapshot.JobInfo,
            CleanTables = false,
            CleanPartitions = !partial && s.Options.Features.CleanTableAndPartitions,
            // Restoring into an alias is already atomic for readers: the swap happens afterwards.
            AtomicRestore = !partial && data.Alias is null && s.Options.Features.AtomicRestore,
        };
        s.Logger.LogInformation("restoring {Snapshot} into {Table} on the target as {Label}", data.SnapshotName, target, data.RestoreLabel);
        var result = await s.Clients.TargetFe.RestoreSnapshotAsync(request, ct).ConfigureAwait(false);
        if (ThriftStatus.CodeOf(result.Status) != TStatusCode.OK)
            throw SyncException.Transient($"restoreSnapshot {data.RestoreLabel} on the target: {ThriftStatus.Describe(result.Status)}");
    }

    // Only this job's own earlier restores: another job's label shares the source db prefix but not the table.
    internal static async Task CancelStaleRestoresAsync(JobSession s, string label, CancellationToken ct)
    {
        var info = s.Info;
        var mine = Labels.JobSnapshotPrefixes(info);
        foreach (var restore in await SnapshotSql.ListRestoresAsync(s.Clients.TargetSql, info.Dest.Database, ct).ConfigureAwait(false))
        {
            if (restore.Name == label || SnapshotSql.IsFinal(restore.State)) continue;
            if (!mine.Any(prefix => restore.Name.StartsWith(prefix, StringComparison.Ordinal))) continue;
            s.Logger.LogWarning("cancelling stale restore {Label} of this job on the target", restore.Name);
            await SnapshotSql.CancelRestoreAsync(s.Clients.TargetSql, info.Dest.Database, ct).ConfigureAwait(false);
        }
    }

    private static async Task<FetchedSnapshot?> FetchAsync(JobSession s, string name, CancellationToken ct)
    {
        var src = s.Info.Src;
        if (await FetchJobInfoAsync(s, src.Table, name, ct).ConfigureAwait(false) is not var (meta, tree, result)) return null;
        var seqs = tree["table_commit_seq_map"]?.AsObject();
        var key = src.TableId.ToString(System.Globalization.CultureInfo.InvariantCulture);
        long tableSeq = seqs?[key] is { } seq ? seq.GetValue<long>() : result.__isset.commit_seq ? result.CommitSeq
            : throw SyncException.Permanent($"snapshot {name} has no commit seq for table {src.Table} (id {key})");
        tree["extra_info"] = await ExtraInfoAsync(s, ct).ConfigureAwait(false);
        return new FetchedSnapshot(name, meta, Encoding.UTF8.GetBytes(tree.ToJsonString()), tableSeq);
    }

    /// <summary>
    /// getSnapshot of <paramref name="name"/> (<paramref name="table"/> empty for a whole database): the meta and the
    /// parsed job_info, both uncompressed, with the result they came in; null when the snapshot expired or is gone.
    /// </summary>
    internal static async Task<(byte[] Meta, JsonObject JobInfo, TGetSnapshotResult Result)?> FetchJobInfoAsync(
        JobSession s, string table, string name, CancellationToken ct)
    {
        var src = s.Info.Src;
        var result = await s.Clients.SourceFe.GetSnapshotAsync(new TGetSnapshotRequest
        {
            User = src.User,
            Passwd = src.Password,
            Db = src.Database,
            Table = table,
            LabelName = name,
            SnapshotName = "",
            SnapshotType = TSnapshotType.LOCAL,
        }, ct).ConfigureAwait(false);
        var code = ThriftStatus.CodeOf(result.Status);
        if (code is TStatusCode.SNAPSHOT_NOT_EXIST or TStatusCode.SNAPSHOT_EXPIRED
            || (code != TStatusCode.OK && (ThriftStatus.Mentions(result.Status, "expired") || ThriftStatus.Mentions(result.Status, "not exist")
                || ThriftStatus.Mentions(result.Status, "not found"))))
        {
            s.Logger.LogWarning("getSnapshot {Snapshot}: {Status}", name, ThriftStatus.Describe(result.Status));
            return null;
        }
        if (code != TStatusCode.OK || result.Meta is null || result.JobInfo is null)
            throw SyncException.Transient($"getSnapshot {name} on the source: {ThriftStatus.Describe(result.Status)}");
        var meta = result.Compressed == true ? Gunzip(result.Meta) : result.Meta;
        var jobInfo = result.Compressed == true ? Gunzip(result.JobInfo) : result.JobInfo;
        var tree = JsonNode.Parse(jobInfo)?.AsObject() ?? throw SyncException.Transient($"snapshot {name} has an empty job_info");
        return (meta, tree, result);
    }

    // How the target BEs reach the source BEs to download the snapshot files, and the token they present.
    internal static async Task<JsonObject> ExtraInfoAsync(JobSession s, CancellationToken ct)
    {
        var src = s.Info.Src;
        var token = await s.Clients.SourceFe.GetMasterTokenAsync(
            new TGetMasterTokenRequest { Cluster = src.Cluster, User = src.User, Password = src.Password }, ct).ConfigureAwait(false);
        if (ThriftStatus.CodeOf(token.Status) != TStatusCode.OK || token.Token is null)
            throw SyncException.Transient($"getMasterToken on the source: {ThriftStatus.Describe(token.Status)}");
        var network = new JsonObject();
        foreach (var be in await new DorisSqlGateway(s.Clients.SourceSql).ListBackendsAsync(ct).ConfigureAwait(false))
            network[be.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)] = new JsonObject { ["ip"] = be.Host, ["port"] = be.HttpPort };
        return new JsonObject { ["be_network_map"] = network, ["token"] = token.Token };
    }

    private static async Task<IReadOnlyList<string>> RangesAsync(JobSession s, IReadOnlyList<string> partitions, CancellationToken ct)
    {
        var layout = await s.SourceMeta.TableAsync(s.Info.Src.DbId, s.Info.Src.TableId, refresh: true, ct).ConfigureAwait(false);
        return partitions.Select(name => layout.Table.Partitions?.FirstOrDefault(x => x.Name == name)?.Range
            ?? throw SyncException.Meta($"partition {name} of {s.Info.Src.Table} not found on the source")).ToList();
    }

    internal static async Task<SnapshotSql.JobRow> WaitAsync(JobSession s, Func<Task<SnapshotSql.JobRow?>> poll, string what, CancellationToken ct)
    {
        // Short polls first: a small backup or restore finishes in well under a second, and the Go syncer's fixed 3 s
        // poll adds seconds to every full sync. Long jobs settle at one poll a second.
        var delay = TimeSpan.FromMilliseconds(25);
        while (true)
        {
            var row = await poll().ConfigureAwait(false) ?? throw SyncException.Transient($"{what} is not listed on the cluster");
            if (SnapshotSql.IsFinal(row.State)) return row;
            await Task.Delay(delay, s.Time, ct).ConfigureAwait(false);
            delay = TimeSpan.FromMilliseconds(Math.Min(delay.TotalMilliseconds * 2, 1000));
        }
    }

    internal static byte[] Gunzip(byte[] data)
    {
        using var input = new GZipStream(new MemoryStream(data), CompressionMode.Decompress);
        using var output = new MemoryStream();
        input.CopyTo(output);
        return output.ToArray();
    }

    private static string Serialize(RestoreData data) => JsonSerializer.Serialize(data);

    private static RestoreData? Deserialize(string data)
    {
        try
        {
            return JsonSerializer.Deserialize<RestoreData>(data);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
