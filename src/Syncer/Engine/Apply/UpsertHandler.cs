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
        if (!record.TableRecords.TryGetValue(job.Src.TableId, out var tableRecord))
            return new BinlogOutcome.Skipped($"no record for table {job.Src.Table}");
        var filter = context.Progress.PartitionFilter;
        var partitions = tableRecord.PartitionRecords
            .Where(p => !p.IsTempPartition)
            .Where(p => filter is null || filter.TableId != job.Src.TableId || context.CommitSeq > filter.UntilCommitSeq || !filter.Ranges.Contains(p.Range))
            .ToList();
        if (partitions.Count == 0) return new BinlogOutcome.Skipped("only temporary or already restored partitions");

        var shadow = context.Progress.ShadowIndexMap is { Count: > 0 } map && context.Features.FilterShadowIndexesUpsert
            ? map.Keys.ToHashSet() : [];
        var tasks = await PlanAsync(context, tableRecord, partitions, shadow, cancellationToken).ConfigureAwait(false);
        var label = Labels.Upsert(job, job.Dest.TableId, context.CommitSeq);
        var txnId = await BeginAsync(context, label, cancellationToken).ConfigureAwait(false);
        if (txnId is null)
        {
            context.Logger.LogInformation("upsert {CommitSeq} was already applied (label {Label} is finished on the target)", context.CommitSeq, label);
            return BinlogOutcome.Done;
        }
        try
        {
            var commitInfos = await IngestAsync(txnId.Value, tasks, cancellationToken).ConfigureAwait(false);
            await CommitAsync(context, txnId.Value, commitInfos, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            // A lost commit answer or a cancelled wait for VISIBLE: the rollback tells whether it had committed.
            if (await RollbackAsync(context, txnId.Value, e.Message).ConfigureAwait(false)) return BinlogOutcome.Done;
            throw;
        }
        return BinlogOutcome.Done;
    }

    private async Task<IReadOnlyList<IngestTask>> PlanAsync(BinlogContext context, UpsertTableRecord tableRecord,
        List<UpsertPartitionRecord> partitions, IReadOnlySet<long> shadow, CancellationToken cancellationToken)
    {
        var job = context.Job;
        string problem = "";
        for (var attempt = 0; attempt < 2; attempt++)
        {
            var refresh = attempt > 0;
            var source = await sourceMeta.TableAsync(job.Src.DbId, job.Src.TableId, refresh, cancellationToken).ConfigureAwait(false);
            var sourceBackends = await sourceMeta.BackendsAsync(refresh, cancellationToken).ConfigureAwait(false);
            var target = await targetMeta.TableAsync(job.Dest.DbId, job.Dest.TableId, refresh, cancellationToken).ConfigureAwait(false);
            var targetBackends = await targetMeta.BackendsAsync(refresh, cancellationToken).ConfigureAwait(false);
            var tasks = IngestPlan.TryBuild(tableRecord, partitions, source, sourceBackends, target, targetBackends, shadow, versionsAreFresh: refresh, out problem);
            if (tasks is not null) return tasks;
        }
        throw SyncException.TargetDrift($"upsert {context.CommitSeq}: the target table no longer pairs with the source table: {problem}");
    }

    /// <summary>The new transaction's id, or null when the label already belongs to a finished transaction.</summary>
    private async Task<long?> BeginAsync(BinlogContext context, string label, CancellationToken cancellationToken)
    {
        var dest = context.Job.Dest;
        for (var attempt = 0; ; attempt++)
        {
            var result = await clients.TargetFe.BeginTxnAsync(new TBeginTxnRequest
            {
                User = dest.User,
                Passwd = dest.Password,
                Db = dest.Database,
                TableIds = [dest.TableId],
                Label = label,
            }, cancellationToken).ConfigureAwait(false);
            var code = ThriftStatus.CodeOf(result.Status);
            if (code == TStatusCode.OK)
                return result.TxnId ?? throw SyncException.Transient($"beginTxn {label} answered OK without a txn id");
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
