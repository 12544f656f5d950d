using Microsoft.Extensions.Logging;
using Syncer.Doris.Thrift;
using Syncer.Engine.Binlogs;
using Syncer.Engine.Database;
using Syncer.Jobs;

namespace Syncer.Engine;

/// <summary>
/// One binlog of a table or database job's incremental sync: take the next binlog after <c>prev_commit_seq</c> (fetching a batch
/// when none is pending), persist its start when its handler needs that, apply it, and return the progress that marks
/// it done — or the full/partial sync it calls for.
/// </summary>
public static class IncrementalStep
{
    /// <summary>How many binlogs to ask for at once; Doris 2.0/2.1 answer one per call whatever this says.</summary>
    public const int BatchSize = 100;

    /// <summary>Runs one binlog, or reports the job caught up.</summary>
    public static async Task<StepResult> RunAsync(JobSession s, JobProgress p, CancellationToken ct)
    {
        if (s.Job.TakeFullSyncRequest())
        {
            s.Logger.LogWarning("full sync requested by the operator");
            return new StepResult.Advance(NewFullSync(s, p, p.CommitSeq));
        }
        var info = s.Info;
        while (s.Pending.TryPeek(out var head) && head.CommitSeq <= p.PrevCommitSeq) s.Pending.Dequeue();
        if (s.Pending.Count == 0 && !await FetchAsync(s, p.PrevCommitSeq, ct).ConfigureAwait(false))
        {
            // Nothing after prev_commit_seq: if every table's snapshot seq is behind it, no binlog is left to filter, and an
            // idle job must not wait for a next binlog to show plain incremental sync (the Go syncer waited for one).
            if (LeaveTablesIncremental(p, p.PrevCommitSeq) is { } plain && plain != p)
            {
                s.Logger.LogInformation("every table is past its snapshot seq at commit seq {CommitSeq}: plain incremental sync", p.PrevCommitSeq);
                return new StepResult.Advance(plain);
            }
            return new StepResult.CaughtUp(p.PrevCommitSeq);
        }
        var binlog = s.Pending.Peek();
        var seq = binlog.__isset.commit_seq ? binlog.CommitSeq : throw SyncException.Permanent("the source FE sent a binlog without commit_seq");
        if (info.SkipBinlogCommitSeq == seq)
        {
            s.Pending.Dequeue();
            s.Logger.LogWarning("binlog {CommitSeq} ({Type}) skipped as the operator asked", seq, binlog.Type);
            return new StepResult.Advance(Done(s, p, seq), info with { SkipBinlogCommitSeq = 0 });
        }
        var (handler, effective) = s.Handlers.Resolve(binlog);
        var database = info.SyncType == SyncType.DbSync;
        if (database)
        {
            if (p.SyncState == SyncState.DBTablesIncrementalSync && InsideSnapshot(p, effective))
            {
                // Every table it touches was backed up after it: the restored snapshot already holds its effect.
                s.Pending.Dequeue();
                s.Logger.LogDebug("binlog {CommitSeq} ({Type}) is inside the snapshot of its tables; skipped", seq, effective.Type);
                return new StepResult.Advance(Done(s, p, seq), MayDefer: s.Pending.Count > 0);
            }
            // Tables the map lacks are mapped by name before the handler looks them up (a creation maps its own table).
            if (effective.Type != TBinlogType.CREATE_TABLE && effective.TableIds is { Count: > 0 } ids)
            {
                p = await DbTableMap.ResolveAsync(s, p, ids, ct).ConfigureAwait(false);
                // Only tables the include/exclude filter leaves out: nothing to apply. A rename may carry one into the
                // filter and a drop must be seen by its handler, so those two always reach their handlers.
                if (effective.Type is not (TBinlogType.RENAME_TABLE or TBinlogType.DROP_TABLE)
                    && ids.All(id => s.FilteredTables.Contains(id) && p.TableNames?.ContainsKey(id) != true))
                {
                    s.Pending.Dequeue();
                    s.Logger.LogDebug("binlog {CommitSeq} ({Type}) of tables outside the job's filter skipped", seq, effective.Type);
                    s.Metrics?.BinlogFiltered(s.Job.Name);
                    return new StepResult.Advance(Done(s, p with { FilteredBinlogs = p.FilteredBinlogs + 1 }, seq), MayDefer: s.Pending.Count > 0);
                }
            }
        }
        if (handler.NeedsStartMarker && p.CommitSeq != seq)
        {
            // Persisted before acting: after a crash the binlog is applied again knowing it may already have taken effect.
            s.StartedHere = seq;
            return new StepResult.Advance(p with { CommitSeq = seq, SubSyncState = SubSyncState.Done });
        }
        var context = new BinlogContext
        {
            Binlog = effective,
            Job = info,
            Progress = p,
            IsReplay = handler.NeedsStartMarker && s.StartedHere != seq,
            Target = s.Clients.TargetSql,
            Features = s.Options.Features,
            Logger = s.Logger,
        };
        BinlogOutcome outcome;
        try
        {
            outcome = await handler.HandleAsync(context, ct).ConfigureAwait(false);
        }
        catch (SyncException e) when (e.Kind == SyncErrorKind.Permanent && info.SkipError)
        {
            outcome = new BinlogOutcome.Skipped($"skip_error is set and it failed: {e.Message}");
            s.Logger.LogWarning("binlog {CommitSeq} ({Type}) skipped: {Error}", seq, effective.Type, e.Message);
        }
        s.Pending.Dequeue();
        // DDL changes partitions, indexes or tablets: the next upsert reads fresh layouts.
        if (effective.Type != TBinlogType.UPSERT) s.ForgetLayouts();
        switch (outcome)
        {
            case BinlogOutcome.Applied applied:
                s.Logger.LogDebug("applied binlog {CommitSeq} ({Type})", seq, effective.Type);
                return new StepResult.Advance(Done(s, applied.Update?.Invoke(p) ?? p, seq), applied.JobUpdate?.Invoke(info),
                    MayDefer: Deferrable(s, handler, applied.Update is null && applied.JobUpdate is null));
            case BinlogOutcome.Kept kept:
                s.Logger.LogInformation("binlog {CommitSeq} ({Type}) not replayed: {Reason}", seq, effective.Type, kept.Reason);
                s.Metrics?.DropKept(s.Job.Name);
                return new StepResult.Advance(Done(s, kept.Update?.Invoke(p) ?? p, seq));
            case BinlogOutcome.Filtered filtered:
                s.Logger.LogDebug("binlog {CommitSeq} ({Type}) filtered out: {Reason}", seq, effective.Type, filtered.Reason);
                s.Metrics?.BinlogFiltered(s.Job.Name);
                return new StepResult.Advance(Done(s, p with { FilteredBinlogs = p.FilteredBinlogs + 1 }, seq), MayDefer: Deferrable(s, handler, true));
            case BinlogOutcome.Skipped skipped:
                s.Logger.LogDebug("binlog {CommitSeq} ({Type}) needs nothing on the target: {Reason}", seq, effective.Type, skipped.Reason);
                return new StepResult.Advance(Done(s, p, seq), MayDefer: Deferrable(s, handler, true));
            case BinlogOutcome.PartialSyncNeeded wanted when database || wanted.Target.Partitions.Count > 0:
                s.Logger.LogInformation("binlog {CommitSeq} ({Type}): partial sync of {Table} partitions [{Partitions}] (none: the whole table): {Reason}",
                    seq, effective.Type, wanted.Target.Table, string.Join(",", wanted.Target.Partitions), wanted.Reason);
                s.ForgetClusterState();
                return new StepResult.Advance((wanted.Update?.Invoke(p) ?? p) with
                {
                    SyncState = database ? SyncState.DBPartialSync : SyncState.TablePartialSync,
                    SubSyncState = SyncStep.CreateSnapshot.ToSubState(),
                    CommitSeq = seq,
                    Data = "",
                    PartialSyncData = wanted.Target,
                });
            case BinlogOutcome.PartialSyncNeeded whole:
                // A table job's whole-table partial sync is its full sync: the atomic restore swaps the table in.
                s.Logger.LogInformation("binlog {CommitSeq} ({Type}): the whole table is synced again: {Reason}", seq, effective.Type, whole.Reason);
                return new StepResult.Advance(NewFullSync(s, whole.Update?.Invoke(p) ?? p, seq));
            case BinlogOutcome.FullSyncNeeded full when database && effective.Type != TBinlogType.DUMMY
                && effective.TableIds is [var only] && p.TableNames?.GetValueOrDefault(only) is { } table:
                // A database job brings one table level by restoring that table, not the whole database.
                s.Logger.LogWarning("binlog {CommitSeq} ({Type}): the whole table {Table} is synced again: {Reason}", seq, effective.Type, table, full.Reason);
                s.ForgetClusterState();
                return new StepResult.Advance(p with
                {
                    SyncState = SyncState.DBPartialSync,
                    SubSyncState = SyncStep.CreateSnapshot.ToSubState(),
                    CommitSeq = seq,
                    Data = "",
                    PartialSyncData = new PartialSyncData { TableId = only, Table = table },
                });
            case BinlogOutcome.FullSyncNeeded full:
                s.Logger.LogWarning("binlog {CommitSeq} ({Type}): full sync: {Reason}", seq, effective.Type, full.Reason);
                return new StepResult.Advance(NewFullSync(s, p, seq));
            default:
                throw new InvalidOperationException($"unknown binlog outcome {outcome}");
        }
    }

    // Only a binlog whose replay is recognised without a checkpoint (no start marker: an upsert's label) may have its
    // "done" written together with later ones, and only while more binlogs are queued: a caught-up job writes at once.
    private static bool Deferrable(JobSession s, IBinlogHandler handler, bool plain) =>
        plain && !handler.NeedsStartMarker && s.Pending.Count > 0;

    /// <summary>The progress of a full sync starting at <paramref name="commitSeq"/>.</summary>
    public static JobProgress NewFullSync(JobSession s, JobProgress p, long commitSeq)
    {
        s.ForgetClusterState();
        return p with
        {
            SyncState = s.Info.SyncType == SyncType.TableSync ? SyncState.TableFullSync : SyncState.DBFullSync,
            SubSyncState = SyncStep.CreateSnapshot.ToSubState(),
            CommitSeq = commitSeq,
            Data = "",
            PartialSyncData = null,
            TableAliases = null,
            PartitionFilter = null,
            FullSyncStartAt = s.Time.GetUtcNow().ToUnixTimeSeconds(),
            IncrementalSyncStartAt = 0,
            IngestBinlogAt = 0,
        };
    }

    private static JobProgress Done(JobSession s, JobProgress p, long seq)
    {
        var filter = p.PartitionFilter is { } f && seq >= f.UntilCommitSeq ? null : p.PartitionFilter;
        var done = p with
        {
            PrevCommitSeq = seq,
            CommitSeq = seq,
            SubSyncState = SubSyncState.Done,
            PartitionFilter = filter,
            IngestBinlogAt = s.Time.GetUtcNow().ToUnixTimeSeconds(),
        };
        return LeaveTablesIncremental(done, seq);
    }

    /// <summary>
    /// <paramref name="p"/> in plain <c>DBIncrementalSync</c> (the table seq map dropped) when it is in
    /// <c>DBTablesIncrementalSync</c> and every table's snapshot seq is at or below <paramref name="seq"/>, the commit seq
    /// everything up to which is applied: no later binlog can be inside a snapshot any more. Otherwise <paramref name="p"/>.
    /// </summary>
    public static JobProgress LeaveTablesIncremental(JobProgress p, long seq)
    {
        ArgumentNullException.ThrowIfNull(p);
        return p.SyncState == SyncState.DBTablesIncrementalSync && (p.TableCommitSeqMap is null || p.TableCommitSeqMap.Values.All(v => v <= seq))
            ? p with { SyncState = SyncState.DBIncrementalSync, TableCommitSeqMap = null }
            : p;
    }

    /// <summary>
    /// Whether every table <paramref name="binlog"/> touches was backed up at or after it (its seq is at most the table's
    /// seq in the snapshot). Any binlog type is filtered, not only the Go syncer's six: the restored table already
    /// reflects a CREATE, RENAME or comment change made before its backup too. Binlogs without tables are never filtered.
    /// </summary>
    public static bool InsideSnapshot(JobProgress p, TBinlog binlog)
    {
        ArgumentNullException.ThrowIfNull(p);
        ArgumentNullException.ThrowIfNull(binlog);
        var seq = binlog.CommitSeq;
        return p.TableCommitSeqMap is { Count: > 0 } map && binlog.TableIds is { Count: > 0 } ids
            && ids.All(id => map.TryGetValue(id, out var inSnapshot) && seq <= inSnapshot);
    }

    /// <summary>Queues the binlogs after <paramref name="prevCommitSeq"/>; false when there are none yet.</summary>
    private static async Task<bool> FetchAsync(JobSession s, long prevCommitSeq, CancellationToken ct)
    {
        var src = s.Info.Src;
        var tableSync = s.Info.SyncType == SyncType.TableSync;
        await s.Budget.AcquireAsync(s.Clients.SourceFe.Master, ct).ConfigureAwait(false);
        var request = new TGetBinlogRequest
        {
            User = src.User,
            Passwd = src.Password,
            Db = src.Database,
            Table = tableSync ? src.Table : null,
            PrevCommitSeq = prevCommitSeq,
            NumAcquired = BatchSize,
        };
        if (tableSync && src.TableId != 0) request.TableId = src.TableId;
        var result = await s.Clients.SourceFe.GetBinlogAsync(request, ct).ConfigureAwait(false);
        var code = ThriftStatus.CodeOf(result.Status);
        switch (code)
        {
            case TStatusCode.BINLOG_TOO_NEW_COMMIT_SEQ:
                return false;
            case TStatusCode.OK or TStatusCode.BINLOG_TOO_OLD_COMMIT_SEQ:
                if (result.Binlogs is not { Count: > 0 } binlogs)
                    throw SyncException.Transient($"getBinlog answered {code} without binlogs");
                foreach (var binlog in binlogs.OrderBy(b => b.CommitSeq))
                {
                    if (binlog.CommitSeq > prevCommitSeq) s.Pending.Enqueue(binlog);
                }
                return s.Pending.Count > 0;
            case TStatusCode.BINLOG_DISABLE:
                throw SyncException.Permanent($"binlog is disabled on the source for {src.Database}{(tableSync ? "." + src.Table : "")}: {ThriftStatus.Describe(result.Status)}");
            case TStatusCode.BINLOG_NOT_FOUND_DB or TStatusCode.BINLOG_NOT_FOUND_TABLE:
                throw SyncException.Permanent($"the source has no binlog for {src.Database}{(tableSync ? "." + src.Table : "")}: {ThriftStatus.Describe(result.Status)}");
            default:
                throw SyncException.Transient($"getBinlog on the source: {ThriftStatus.Describe(result.Status)}");
        }
    }
}
