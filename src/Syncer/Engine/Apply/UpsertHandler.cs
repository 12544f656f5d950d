using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Syncer.Doris.Binlog.Records;
using Syncer.Doris.Sql;
using Syncer.Doris.Thrift;
using Syncer.Engine.Binlogs;

namespace Syncer.Engine.Apply;

/// <summary>
/// UPSERT: a source load replayed on the target as one transaction — beginTxn with a label derived from the job and
/// commit seq, ingest_binlog on every target replica (the target BEs pull the rowsets from the source BEs), commitTxn
/// (waiting for VISIBLE after PUBLISH_TIMEOUT), rollbackTxn on failure. A re-run meets its own label: a finished
/// transaction means the load is already applied; a running one is an earlier attempt, rolled back and begun again.
/// </summary>
public sealed partial class UpsertHandler(JobClients clients, ClusterMeta sourceMeta, ClusterMeta targetMeta, int maxIngestPerBackend, TimeProvider time)
    : IBinlogHandler
{
    /// <inheritdoc />
    public TBinlogType Type => TBinlogType.UPSERT;

    /// <inheritdoc />
    public bool NeedsStartMarker => false;

    /// <inheritdoc />
    public async Task<BinlogOutcome> HandleAsync(BinlogContext context, CancellationToken cancellationToken)
    {
        try
        {
            return await ApplyAsync(context, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            // A layout that went stale under the apply (a partition recreated on either side) must not be reused.
            sourceMeta.Invalidate();
            targetMeta.Invalidate();
            throw;
        }
    }

    private async Task<BinlogOutcome> ApplyAsync(BinlogContext context, CancellationToken cancellationToken)
    {
        UpsertRecord record;
        try
        {
            record = BinlogJson.Deserialize<UpsertRecord>(context.Data);
        }
        catch (JsonException e)
        {
            throw SyncException.Permanent($"UPSERT {context.CommitSeq} has an unreadable payload: {e.Message}", e);
        }
        var job = context.Job;
        var selected = context.IsDatabaseSync ? SelectDatabaseTables(context, record) : SelectJobTable(context, record);
        if (selected.Count == 0) return new BinlogOutcome.Skipped("no table record of this job to apply (other, dropped or already restored tables and partitions)");
        if (record.SubTxnIds is { Count: > 0 })
            return ResyncSubTransactions(context.CommitSeq, selected.Select(t => (t.SourceId, context.IsDatabaseSync ? t.TargetName : job.Src.Table)).ToList());

        var shadow = context.Progress.ShadowIndexMap is { Count: > 0 } map && context.Features.FilterShadowIndexesUpsert
            ? map.Keys.ToHashSet() : [];
        var tasks = new List<IngestTask>();
        var remapped = new List<(long SourceId, string Name, long TargetId)>();
        var targetIds = new List<long>();
        foreach (var table in selected)
        {
            var planned = await PlanAsync(context, table, shadow, cancellationToken).ConfigureAwait(false);
            if (planned.Outcome is { } outcome)
            {
                // Only a single-table load can hand its table to a partial sync: the others' rows would be skipped with it.
                if (selected.Count == 1) return outcome;
                throw SyncException.TargetDrift($"upsert {context.CommitSeq}: target table {table.TargetName} is gone");
            }
            if (planned.TargetId != table.TargetId) remapped.Add((table.SourceId, table.TargetName, planned.TargetId));
            if (planned.Tasks.Count == 0) continue;
            tasks.AddRange(planned.Tasks);
            targetIds.Add(planned.TargetId);
        }
        if (targetIds.Count == 0) return new BinlogOutcome.Skipped("every table of the load is gone from the source");
        var label = Labels.Upsert(job, targetIds[0], context.CommitSeq);
        var txnId = await BeginAsync(context, label, targetIds, cancellationToken).ConfigureAwait(false);
        var update = remapped.Count == 0 ? null : new Func<Jobs.JobProgress, Jobs.JobProgress>(p =>
            remapped.Aggregate(p, (current, r) => Database.DbTableMap.Map(current, r.SourceId, r.Name, r.TargetId)));
        if (txnId is null)
        {
            context.Logger.LogInformation("upsert {CommitSeq} was already applied (label {Label} is finished on the target)", context.CommitSeq, label);
            return new BinlogOutcome.Applied(update);
        }
        try
        {
            var commitInfos = await IngestAsync(txnId.Value, tasks, cancellationToken).ConfigureAwait(false);
            await CommitAsync(context, txnId.Value, commitInfos, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            // A lost commit answer or a cancelled wait for VISIBLE: the rollback tells whether it had committed.
            if (await RollbackAsync(context, txnId.Value, e.Message).ConfigureAwait(false)) return new BinlogOutcome.Applied(update);
            throw;
        }
        return new BinlogOutcome.Applied(update);
    }

    /// <summary>
    /// A transactional insert with sub-transactions (newest Doris: <c>stids</c>) gave one partition several versions in
    /// one transaction; one ingest per tablet cannot replay that, and the sub-transaction commit exists only on the
    /// newest FEs. A snapshot of the tables it wrote brings the target level instead: a partial sync of the one table,
    /// or a full sync when the insert spans several (the tables of one transaction must stay consistent together).
    /// </summary>
    /// <param name="commitSeq">The upsert's commit seq, for the reason.</param>
    /// <param name="tables">The source id and the name the partial sync backs up, of each table of the job the insert wrote.</param>
    public static BinlogOutcome ResyncSubTransactions(long commitSeq, IReadOnlyList<(long SourceId, string Table)> tables)
    {
        ArgumentNullException.ThrowIfNull(tables);
        var reason = string.Create(CultureInfo.InvariantCulture,
            $"upsert {commitSeq} is a transactional insert with sub-transactions, replayed by restoring {(tables.Count == 1 ? "its table" : "the database")}");
        return tables.Count == 1
            ? new BinlogOutcome.PartialSyncNeeded(new Jobs.PartialSyncData { TableId = tables[0].SourceId, Table = tables[0].Table }, reason)
            : new BinlogOutcome.FullSyncNeeded(reason);
    }

    /// <summary>One source table's part of an upsert and the target table it goes to.</summary>
    private sealed record UpsertTable(long SourceId, long TargetId, string TargetName, UpsertTableRecord Record, List<UpsertPartitionRecord> Partitions);

    /// <summary>What planning one table came to: the ingest tasks (and the target id they use), or an outcome instead.</summary>
    private sealed record PlannedTable(IReadOnlyList<IngestTask> Tasks, long TargetId, BinlogOutcome? Outcome = null);

    // Table job: only the job's table; the partitions a partial sync restored are skipped up to its snapshot.
    private static List<UpsertTable> SelectJobTable(BinlogContext context, UpsertRecord record)
    {
        var job = context.Job;
        if (!record.TableRecords.TryGetValue(job.Src.TableId, out var tableRecord)) return [];
        var partitions = Partitions(context, job.Src.TableId, tableRecord);
        return partitions.Count == 0 ? [] : [new UpsertTable(job.Src.TableId, job.Dest.TableId, job.Dest.Table, tableRecord, partitions)];
    }

    // Database job: every mapped table of the load (all in one target transaction), except tables whose snapshot already
    // holds this load (table_commit_seq_map, keyed by source id — the Go syncer raised it with target ids).
    private static List<UpsertTable> SelectDatabaseTables(BinlogContext context, UpsertRecord record)
    {
        var selected = new List<UpsertTable>();
        foreach (var (sourceId, tableRecord) in record.TableRecords.OrderBy(t => t.Key))
        {
            if (context.Progress.TableCommitSeqMap is { } seqs && seqs.TryGetValue(sourceId, out var inSnapshot) && context.CommitSeq <= inSnapshot) continue;
            if (context.TargetTableOf(sourceId) is not { } name || context.TargetTableIdOf(sourceId) is not { } targetId)
            {
                context.Logger.LogDebug("upsert {CommitSeq}: source table #{TableId} is not mapped (dropped or not replicated); its rows are skipped", context.CommitSeq, sourceId);
                continue;
            }
            var partitions = Partitions(context, sourceId, tableRecord);
            if (partitions.Count > 0) selected.Add(new UpsertTable(sourceId, targetId, name, tableRecord, partitions));
        }
        return selected;
    }

    private static List<UpsertPartitionRecord> Partitions(BinlogContext context, long sourceId, UpsertTableRecord tableRecord)
    {
        var filter = context.Progress.PartitionFilter;
        return tableRecord.PartitionRecords
            .Where(p => !p.IsTempPartition)
            .Where(p => filter is null || filter.TableId != sourceId || context.CommitSeq > filter.UntilCommitSeq || !filter.Ranges.Contains(p.Range))
            .ToList();
    }

    private async Task<PlannedTable> PlanAsync(BinlogContext context, UpsertTable table, IReadOnlySet<long> shadow, CancellationToken cancellationToken)
    {
        var job = context.Job;
        var targetId = table.TargetId;
        string problem = "";
        for (var attempt = 0; attempt < 2; attempt++)
        {
            var refresh = attempt > 0;
            TableLayout source;
            try
            {
                source = await sourceMeta.TableAsync(job.Src.DbId, table.SourceId, refresh, cancellationToken).ConfigureAwait(false);
            }
            catch (SyncException e) when (e.Kind == SyncErrorKind.MetaChanged && context.IsDatabaseSync)
            {
                // Dropped on the source after this load: its DROP_TABLE follows and removes the target table.
                context.Logger.LogInformation("upsert {CommitSeq}: source table {Table} is gone ({Error}); its rows are skipped", context.CommitSeq, table.TargetName, e.Message);
                return new PlannedTable([], targetId);
            }
            if (source.DroppedTables.Contains(table.SourceId)) return new PlannedTable([], targetId);
            var sourceBackends = await sourceMeta.BackendsAsync(refresh, cancellationToken).ConfigureAwait(false);
            TableLayout target;
            try
            {
                target = await targetMeta.TableAsync(job.Dest.DbId, targetId, refresh, cancellationToken).ConfigureAwait(false);
            }
            catch (SyncException e) when (e.Kind == SyncErrorKind.MetaChanged && context.IsDatabaseSync && job.SchemaDriftPolicy != Jobs.SchemaDriftPolicy.Stop)
            {
                // (With schema_drift_policy "stop" the drift goes up to the runner, which pauses the job instead.)
                // The mapped id went stale (the target table was recreated): map by name, or restore the table when it is gone.
                var found = await Database.DbCatalog.FindAsync(context.Target, job.Dest.DbId, table.TargetName, cancellationToken).ConfigureAwait(false);
                if (found is null || found.Id == targetId)
                {
                    return new PlannedTable([], targetId, new BinlogOutcome.PartialSyncNeeded(
                        new Jobs.PartialSyncData { TableId = table.SourceId, Table = table.TargetName },
                        $"target table {table.TargetName} is missing: {e.Message}"));
                }
                context.Logger.LogInformation("target table {Table} has id {New} now (was {Old}); remapped", table.TargetName, found.Id, targetId);
                targetId = found.Id;
                target = await targetMeta.TableAsync(job.Dest.DbId, targetId, true, cancellationToken).ConfigureAwait(false);
            }
            var targetBackends = await targetMeta.BackendsAsync(refresh, cancellationToken).ConfigureAwait(false);
            var tasks = IngestPlan.TryBuild(table.Record, table.Partitions, source, sourceBackends, target, targetBackends, shadow, versionsAreFresh: refresh, out problem);
            if (tasks is not null) return new PlannedTable(tasks, targetId);
        }
        throw SyncException.TargetDrift($"upsert {context.CommitSeq}: the target table no longer pairs with the source table: {problem}");
    }

    /// <summary>The new transaction's id, or null when the label already belongs to a finished transaction.</summary>
    private async Task<long?> BeginAsync(BinlogContext context, string label, List<long> targetTableIds, CancellationToken cancellationToken)
    {
        var dest = context.Job.Dest;
        for (var attempt = 0; ; attempt++)
        {
            var result = await clients.TargetFe.BeginTxnAsync(new TBeginTxnRequest
            {
                User = dest.User,
                Passwd = dest.Password,
                Db = dest.Database,
                TableIds = targetTableIds,
                Label = label,
            }, cancellationToken).ConfigureAwait(false);
            var code = ThriftStatus.CodeOf(result.Status);
            if (code == TStatusCode.OK)
                return result.__isset.txn_id ? result.TxnId : throw SyncException.Transient($"beginTxn {label} answered OK without a txn id");
            if (code == TStatusCode.LABEL_ALREADY_EXISTS)
            {
                if (result.JobStatus is "FINISHED" or "VISIBLE" or "COMMITTED") return null;
                // An earlier attempt's transaction is still open: abort it (its label becomes free again) and begin anew.
                var earlier = RelatedTxn().Match(string.Join(" ", result.Status?.ErrorMsgs ?? []));
                if (attempt > 0 || !earlier.Success)
                    throw SyncException.Transient($"beginTxn {label}: {ThriftStatus.Describe(result.Status)}");
                var txn = long.Parse(earlier.Groups[1].Value, CultureInfo.InvariantCulture);
                context.Logger.LogInformation("aborting transaction {TxnId} left open by an earlier attempt of upsert {CommitSeq}", txn, context.CommitSeq);
                if (await RollbackAsync(context, txn, "the syncer restarts this upsert").ConfigureAwait(false)) return null;
                continue;
            }
            if (ThriftStatus.Mentions(result.Status, "can't find table id") || ThriftStatus.Mentions(result.Status, "table not found")
                || ThriftStatus.Mentions(result.Status, "unknown table"))
                throw SyncException.TargetDrift($"beginTxn on the target: {ThriftStatus.Describe(result.Status)}");
            throw SyncException.Transient($"beginTxn on the target: {ThriftStatus.Describe(result.Status)}");
        }
    }

    private async Task<List<TTabletCommitInfo>> IngestAsync(long txnId, IReadOnlyList<IngestTask> tasks, CancellationToken cancellationToken)
    {
        var windows = tasks.Select(t => (t.TargetHost, t.TargetBePort)).Distinct()
            .ToDictionary(k => k, _ => new SemaphoreSlim(maxIngestPerBackend));
        try
        {
            await Task.WhenAll(tasks.Select(async task =>
            {
                var window = windows[(task.TargetHost, task.TargetBePort)];
                await window.WaitAsync(cancellationToken).ConfigureAwait(false);
                try
                {
                    var result = await clients.Backend(task.TargetHost, task.TargetBePort).IngestBinlogAsync(new TIngestBinlogRequest
                    {
                        TxnId = txnId,
                        RemoteTabletId = task.SourceTabletId,
                        BinlogVersion = task.Version,
                        RemoteHost = task.SourceHost,
                        RemotePort = task.SourceHttpPort.ToString(CultureInfo.InvariantCulture),
                        PartitionId = task.TargetPartitionId,
                        LocalTabletId = task.TargetTabletId,
                        LoadId = new TUniqueId { Hi = -1, Lo = -1 },
                    }, cancellationToken).ConfigureAwait(false);
                    if (ThriftStatus.CodeOf(result.Status) != TStatusCode.OK)
                        throw SyncException.Transient(
                            $"ingest_binlog of tablet {task.SourceTabletId} v{task.Version} into {task.TargetTabletId} on {task.TargetHost}:{task.TargetBePort}: {ThriftStatus.Describe(result.Status)}");
                }
                finally
                {
                    window.Release();
                }
            })).ConfigureAwait(false);
        }
        finally
        {
            foreach (var window in windows.Values) window.Dispose();
        }
        return tasks.Select(t => new TTabletCommitInfo { TabletId = t.TargetTabletId, BackendId = t.TargetBackendId }).ToList();
    }

    private async Task CommitAsync(BinlogContext context, long txnId, List<TTabletCommitInfo> commitInfos, CancellationToken cancellationToken)
    {
        var dest = context.Job.Dest;
        // The ownership fence (high availability): a former owner stops here; its begun transaction is left to expire.
        await clients.BeforeTargetCommit(cancellationToken).ConfigureAwait(false);
        var result = await clients.TargetFe.CommitTxnAsync(new TCommitTxnRequest
        {
            User = dest.User,
            Passwd = dest.Password,
            Db = dest.Database,
            TxnId = txnId,
            CommitInfos = commitInfos,
        }, cancellationToken).ConfigureAwait(false);
        var code = ThriftStatus.CodeOf(result.Status);
        if (code == TStatusCode.OK) return;
        if (code != TStatusCode.PUBLISH_TIMEOUT)
            throw SyncException.Transient($"commitTxn {txnId} on the target: {ThriftStatus.Describe(result.Status)}");
        // Committed; the data becomes visible once the BEs publish. The binlog counts as applied only then.
        await WaitVisibleAsync(context, txnId, cancellationToken).ConfigureAwait(false);
    }

    private async Task WaitVisibleAsync(BinlogContext context, long txnId, CancellationToken cancellationToken)
    {
        var delay = TimeSpan.FromMilliseconds(20);
        var sql = $"SHOW TRANSACTION FROM {DorisSql.Identifier(context.TargetDatabase)} WHERE id = {txnId.ToString(CultureInfo.InvariantCulture)}";
        while (true)
        {
            var result = await context.Target.QueryAsync(sql, cancellationToken).ConfigureAwait(false);
            var status = result.Column("TransactionStatus").FirstOrDefault();
            if (status == "VISIBLE") return;
            if (status == "ABORTED") throw SyncException.Transient($"transaction {txnId} was aborted on the target after it committed");
            await Task.Delay(delay, time, cancellationToken).ConfigureAwait(false);
            delay = TimeSpan.FromMilliseconds(Math.Min(delay.TotalMilliseconds * 2, 1000));
        }
    }

    /// <summary>Aborts the transaction; true when the FE says it had in fact committed (so the upsert is applied).</summary>
    private async Task<bool> RollbackAsync(BinlogContext context, long txnId, string reason)
    {
        var dest = context.Job.Dest;
        try
        {
            // Not the step's token: a cancelled step (pause, shutdown) must still release the target transaction.
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            var result = await clients.TargetFe.RollbackTxnAsync(new TRollbackTxnRequest
            {
                User = dest.User,
                Passwd = dest.Password,
                Db = dest.Database,
                TxnId = txnId,
                Reason = reason.Length > 500 ? reason[..500] : reason,
            }, timeout.Token).ConfigureAwait(false);
            if (ThriftStatus.CodeOf(result.Status) == TStatusCode.OK) return false;
            if (ThriftStatus.Mentions(result.Status, "is already COMMITTED") || ThriftStatus.Mentions(result.Status, "is already VISIBLE")) return true;
            if (!ThriftStatus.Mentions(result.Status, "not found") && !ThriftStatus.Mentions(result.Status, "is already aborted"))
                context.Logger.LogWarning("rollbackTxn {TxnId} on the target: {Status}", txnId, ThriftStatus.Describe(result.Status));
            return false;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // The transaction times out on the FE if the rollback cannot reach it; the label stays usable after that.
            context.Logger.LogWarning("rollbackTxn {TxnId} on the target failed: {Error}", txnId, e.Message);
            return false;
        }
    }

    [GeneratedRegex(@"relate to txn \[(\d+)\]")]
    private static partial Regex RelatedTxn();
}
