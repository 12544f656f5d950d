using System.Text.Json;
using Microsoft.Extensions.Logging;
using Polly;
using Polly.Retry;
using Syncer.Engine.Fetch;
using Syncer.Engine.Policy;
using Syncer.Jobs;
using Syncer.Observability;
using Syncer.Store;

namespace Syncer.Engine;

/// <summary>
/// Runs one job: reads its persisted progress, runs the step the <see cref="StepTable"/> names, persists what the step
/// returns (the only writer of the job's progress), and goes on at once while there is work; when caught up it waits on
/// the <see cref="IBinlogChangeNotifier"/>. Failures are retried through a Polly pipeline whose delay is
/// <see cref="RetryDelay"/>; metadata drift starts a full sync. Pause, delete and force_fullsync interrupt the current
/// step, which is always safe to run again.
/// </summary>
public sealed class JobRunner : IAsyncDisposable
{
    /// <summary>Most upserts whose checkpoint one store write may carry while a backlog is applied.</summary>
    public const int MaxDeferred = 32;

    /// <summary>Longest a backlog's checkpoint may lag behind the applied binlogs.</summary>
    public static readonly TimeSpan MaxDeferredAge = TimeSpan.FromMilliseconds(500);

    /// <summary>
    /// Longest a caught-up job waits before asking its source again without a change notice: a safety net only (the
    /// watcher wakes it for every binlog of its table), so long enough that idle jobs cost the FE nothing.
    /// </summary>
    public static readonly TimeSpan MaxIdleWait = TimeSpan.FromSeconds(30);

    private readonly ManagedJob _job;
    private readonly JobSession _session;
    private readonly IJobStore _store;
    private readonly IBinlogChangeNotifier _notifier;
    private readonly SyncerMetrics _metrics;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly ResiliencePipeline<StepResult> _pipeline;
    private readonly CancellationTokenSource _stop = new();
    private Task _loop = Task.CompletedTask;
    private JobProgress? _unsaved;
    private int _deferred;
    private long _lastSave;
    private string? _lastLogged;
    private DateTimeOffset _lastLoggedAt;

    public JobRunner(ManagedJob job, JobSession session, IJobStore store, IBinlogChangeNotifier notifier, SyncerMetrics metrics,
        TimeProvider time, ILogger logger)
    {
        _job = job;
        _session = session;
        _store = store;
        _notifier = notifier;
        _metrics = metrics;
        _time = time;
        _logger = logger;
        _pipeline = new ResiliencePipelineBuilder<StepResult> { TimeProvider = time }
            .AddRetry(new RetryStrategyOptions<StepResult>
            {
                ShouldHandle = new PredicateBuilder<StepResult>().Handle<Exception>(IsRetried),
                MaxRetryAttempts = int.MaxValue,
                DelayGenerator = args => ValueTask.FromResult<TimeSpan?>(
                    RetryDelay.Compute(args.AttemptNumber, SyncException.KindOf(args.Outcome.Exception!), Random.Shared.NextDouble())),
                OnRetry = args =>
                {
                    OnFailure(args.Outcome.Exception!, args.AttemptNumber, args.RetryDelay);
                    return ValueTask.CompletedTask;
                },
            })
            .Build();
    }

    /// <summary>Starts the loop in the background.</summary>
    public void Start() => _loop = Task.Run(() => RunAsync(_stop.Token));

    /// <summary>Stops the loop and waits for it (the step in flight is cancelled; it is safe to run again later).</summary>
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        try
        {
            await _loop.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }
        await _session.DisposeAsync().ConfigureAwait(false);
        _stop.Dispose();
    }

    private static bool IsRetried(Exception e) =>
        e is not OperationCanceledException and not JobOwnershipLostException && SyncException.KindOf(e) != SyncErrorKind.MetaChanged;

    private async Task RunAsync(CancellationToken stop)
    {
        using var scope = JobLogScope.Begin(_logger, _job.Name);
        JobProgress progress;
        try
        {
            progress = await LoadAsync(stop).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            return;
        }
        while (!stop.IsCancellationRequested && !_job.Deleted)
        {
            var interruption = _job.Interruption;
            using var step = CancellationTokenSource.CreateLinkedTokenSource(stop, interruption);
            try
            {
                // A finished one-shot migration makes no more calls to either cluster.
                if (_job.Stored.Info.State == JobState.Done) return;
                if (_job.Stored.Info.State == JobState.Paused)
                {
                    await Task.Delay(Timeout.InfiniteTimeSpan, _time, step.Token).ConfigureAwait(false);
                    continue;
                }
                var function = StepTable.Find(progress);
                if (function is null)
                {
                    OnFailure(new SyncException(SyncErrorKind.Permanent,
                        $"{JobStateNames.Of(progress.SyncState)} is not supported by this syncer yet"), 0, RetryDelay.PermanentMax);
                    await Task.Delay(RetryDelay.PermanentMax, _time, step.Token).ConfigureAwait(false);
                    continue;
                }
                var current = progress;
                var result = await _pipeline.ExecuteAsync(async ct => await RunStepAsync(function, current, ct).ConfigureAwait(false), step.Token)
                    .ConfigureAwait(false);
                if (result is StepResult.Finished) return;
                if (result is StepResult.Advance advance) progress = advance.Next;
                else if (result is StepResult.CaughtUp caughtUp)
                {
                    _metrics.Lag(_job.Name, 0);
                    // Nothing to apply: the SQL connections (used by full sync and DDL only) reopen when next needed.
                    await _session.Clients.CloseIdleSqlAsync().ConfigureAwait(false);
                    await _notifier.WaitForChangeAsync(new SourceWatchKey(_session.Info.Src, _session.Info.Src.TableId), caughtUp.CommitSeq,
                        MaxIdleWait, step.Token).ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException) when (!stop.IsCancellationRequested)
            {
                // A control operation interrupted the step or the wait: re-read the job and go on.
            }
            catch (OperationCanceledException)
            {
                return;
            }
            catch (SyncException e) when (e is { Kind: SyncErrorKind.MetaChanged, IsTargetDrift: true }
                                          && _job.Stored.Info.SchemaDriftPolicy == SchemaDriftPolicy.Stop)
            {
                // The operator asked not to overwrite a target that no longer fits: leave it alone and say why.
                OnFailure(e, 0, TimeSpan.Zero);
                try
                {
                    await PauseForDriftAsync(e.Message, stop).ConfigureAwait(false);
                }
                catch (JobOwnershipLostException)
                {
                    return;
                }
                catch (Exception persist) when (persist is not OperationCanceledException)
                {
                    _logger.LogWarning("could not persist the pause: {Error}", persist.Message);
                    await Task.Delay(RetryDelay.Compute(_job.Status.Attempts, SyncErrorKind.Transient, Random.Shared.NextDouble()), _time, stop)
                        .ConfigureAwait(false);
                }
            }
            catch (SyncException e) when (e.Kind == SyncErrorKind.MetaChanged)
            {
                OnFailure(e, 0, TimeSpan.Zero);
                _logger.LogWarning("the clusters' metadata changed ({Error}); starting a full sync", e.Message);
                try
                {
                    progress = await PersistAsync(new StepResult.Advance(IncrementalStep.NewFullSync(_session, progress, progress.CommitSeq)), stop)
                        .ConfigureAwait(false);
                }
                catch (Exception persist) when (persist is not JobOwnershipLostException && !stop.IsCancellationRequested)
                {
                    // The store is unreachable: wait before the step finds the drift again and retries the write.
                    _logger.LogWarning("could not persist the full sync: {Error}", persist.Message);
                    await Task.Delay(RetryDelay.Compute(_job.Status.Attempts, SyncErrorKind.Transient, Random.Shared.NextDouble()), _time, stop)
                        .ConfigureAwait(false);
                }
                catch (JobOwnershipLostException)
                {
                    return;
                }
            }
            catch (JobOwnershipLostException)
            {
                _logger.LogWarning("job is no longer owned by this syncer or was deleted; its runner stops");
                return;
            }
        }
    }

    private async Task<StepResult> RunStepAsync(StepFunction function, JobProgress progress, CancellationToken ct)
    {
        var started = _time.GetTimestamp();
        var result = await function(_session, progress, ct).ConfigureAwait(false);
        if (result is StepResult.Advance { MayDefer: true } deferrable && _deferred < MaxDeferred
            && _time.GetElapsedTime(_lastSave) < MaxDeferredAge)
        {
            // Applying a backlog: the store write of this upsert goes with a later one. A crash before it only replays
            // upserts, which meet their own finished labels on the target.
            _unsaved = deferrable.Next;
            _deferred++;
        }
        else if (result is StepResult.Advance advance)
        {
            // Inside the retried call: a failed write re-runs the step, which finds its own work done.
            await PersistAsync(advance, ct).ConfigureAwait(false);
        }
        else if (result is StepResult.CaughtUp && _unsaved is { } unsaved)
        {
            await PersistAsync(new StepResult.Advance(unsaved), ct).ConfigureAwait(false);
        }
        if (result is StepResult.Advance moved && progress.SyncState is SyncState.TableIncrementalSync or SyncState.DBIncrementalSync or SyncState.DBTablesIncrementalSync
            && moved.Next.PrevCommitSeq != progress.PrevCommitSeq)
            _metrics.BinlogApplied(_job.Name, _time.GetElapsedTime(started), moved.Next.PrevCommitSeq);
        if (OnceMigration.Reached(_job.Stored.Info, progress, result))
            return await FinishAsync(result is StepResult.Advance reached ? reached.Next : progress, ct).ConfigureAwait(false);
        return result;
    }

    // Inside the retried call: a failure (a store write, a lost connection while counting) runs the step again, which
    // reaches the goal again; the done state is written last, so a crash before it only repeats the counting.
    private async Task<StepResult> FinishAsync(JobProgress progress, CancellationToken ct)
    {
        if (_unsaved is { } unsaved) await PersistAsync(new StepResult.Advance(unsaved), ct).ConfigureAwait(false);
        var summary = await OnceMigration.SummarizeAsync(_session, progress, ct).ConfigureAwait(false);
        await UpdateInfoAsync(info => info with { State = JobState.Done, MigrationSummary = summary }, ct).ConfigureAwait(false);
        _metrics.State(_job.Name, JobStateNames.Of(JobState.Done));
        OnceMigration.Log(_logger, summary);
        return new StepResult.Finished(summary);
    }

    private async Task PauseForDriftAsync(string error, CancellationToken ct)
    {
        var reason = $"schema_drift_policy is \"stop\": {error}; repair the target table and /resume, or /force_fullsync and /resume to replace it";
        await UpdateInfoAsync(info => info with { State = JobState.Paused, PauseReason = reason }, ct).ConfigureAwait(false);
        _job.Status.Failed(reason, _time.GetUtcNow());
        _metrics.State(_job.Name, JobStateNames.Of(JobState.Paused));
        _logger.LogError("job paused: {Reason}", reason);
    }

    // The user-visible state is the control operations' field: written under their gate so neither loses the other's change.
    private async Task UpdateInfoAsync(Func<JobInfo, JobInfo> change, CancellationToken ct)
    {
        await _job.Gate.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            var stored = _job.Stored;
            var next = change(stored.Info);
            if (!await _store.UpdateJobInfoAsync(next, stored.Owner, stored.OwnerEpoch, ct).ConfigureAwait(false))
                throw new JobOwnershipLostException(_job.Name);
            _job.Update(stored with { Info = next });
        }
        finally
        {
            _job.Gate.Release();
        }
    }

    private async Task<JobProgress> LoadAsync(CancellationToken stop)
    {
        while (true)
        {
            try
            {
                var json = await _store.GetProgressAsync(_job.Name, stop).ConfigureAwait(false);
                if (json is not null) return JsonSerializer.Deserialize<JobProgress>(json, JobJson.Options) ?? throw new JsonException("null progress");
                var initial = JobProgress.Initial(_job.Name, _job.Stored.Info.SyncType, _time.GetUtcNow());
                await PersistAsync(new StepResult.Advance(initial), stop).ConfigureAwait(false);
                return initial;
            }
            catch (Exception e) when (e is not OperationCanceledException and not JobOwnershipLostException)
            {
                OnFailure(e, _job.Status.Attempts, RetryDelay.Compute(_job.Status.Attempts, SyncErrorKind.Transient, 0.5));
                await Task.Delay(RetryDelay.Compute(_job.Status.Attempts, SyncErrorKind.Transient, Random.Shared.NextDouble()), _time, stop)
                    .ConfigureAwait(false);
            }
        }
    }

    private async Task<JobProgress> PersistAsync(StepResult.Advance advance, CancellationToken ct)
    {
        if (advance.Info is { } info)
        {
            // Control operations also rewrite job_info: take their gate so neither loses the other's change.
            await _job.Gate.WaitAsync(ct).ConfigureAwait(false);
            try
            {
                var stored = _job.Stored;
                // Only the fields the engine owns; the user state and skip_error stay as the control operations left them.
                var merged = stored.Info with { Src = info.Src, Dest = info.Dest, SkipBinlogCommitSeq = info.SkipBinlogCommitSeq };
                if (!await _store.UpdateJobInfoAsync(merged, stored.Owner, stored.OwnerEpoch, ct).ConfigureAwait(false))
                    throw new JobOwnershipLostException(_job.Name);
                _job.Update(stored with { Info = merged });
            }
            finally
            {
                _job.Gate.Release();
            }
        }
        var current = _job.Stored;
        var json = JsonSerializer.Serialize(advance.Next, JobJson.Options);
        if (!await _store.SaveProgressAsync(_job.Name, json, current.Owner, current.OwnerEpoch, ct).ConfigureAwait(false))
            throw new JobOwnershipLostException(_job.Name);
        _unsaved = null;
        _deferred = 0;
        _lastSave = _time.GetTimestamp();
        _job.Status.Progressed(_time.GetUtcNow());
        _metrics.Progress(_job.Name, JobStateNames.Of(advance.Next.SyncState), advance.Next.PrevCommitSeq);
        return advance.Next;
    }

    private void OnFailure(Exception error, int attempt, TimeSpan retryIn)
    {
        var now = _time.GetUtcNow();
        _job.Status.Failed(error.Message, now);
        _metrics.Error(_job.Name, SyncException.KindOf(error).ToString().ToLowerInvariant());
        // The same failure repeating is logged once a minute, not once per attempt.
        if (error.Message != _lastLogged || now - _lastLoggedAt >= TimeSpan.FromMinutes(1))
        {
            _logger.LogWarning("step failed (attempt {Attempt}, retry in {Delay} ms): {Error}", attempt + 1, (long)retryIn.TotalMilliseconds, error.Message);
            _lastLogged = error.Message;
            _lastLoggedAt = now;
        }
    }
}
