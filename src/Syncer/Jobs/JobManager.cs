using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Syncer.Cluster;
using Syncer.Configuration;
using Syncer.Doris.Sql;
using Syncer.Engine;
using Syncer.Engine.Fetch;
using Syncer.Observability;
using Syncer.Store;

namespace Syncer.Jobs;

/// <summary>
/// Owns this instance's jobs: creates them (validation, cluster checks, persistence), applies the control
/// operations, and loads the jobs it owns at start. Every job it holds has a <see cref="JobRunner"/> (the sync engine)
/// started with it and stopped when the job is deleted, moves away or the service stops.
/// </summary>
public sealed class JobManager(
    IJobStore store,
    JobCreationChecks checks,
    IDorisSqlConnector connector,
    FrontendClientFactory frontends,
    FrontendCallBudget budget,
    IReplicationLagSource lagSource,
    IBinlogChangeNotifier notifier,
    SyncerOptions options,
    SecretRedactor redactor,
    SyncerMetrics metrics,
    TimeProvider time,
    ILogger<JobManager> logger) : IHostedLifecycleService
{
    private readonly ConcurrentDictionary<string, ManagedJob> _jobs = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, byte> _creating = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<ManagedJob, JobRunner> _runners = new();
    private readonly CancellationTokenSource _stopping = new();

    // Set once StartedAsync recovered the owned jobs: until then (port not bound yet) the HA check-in adopts nothing.
    private volatile bool _recovered;

    /// <summary>This instance's identity (<c>host:port</c>), the owner written into new jobs.</summary>
    public string Identity => options.Identity;

    /// <summary>Jobs currently held in memory.</summary>
    public IReadOnlyCollection<ManagedJob> LocalJobs => (IReadOnlyCollection<ManagedJob>)_jobs.Values;

    /// <inheritdoc />
    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Nothing: jobs are recovered in <see cref="StartedAsync"/>, once the HTTP port is bound.</summary>
    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>
    /// Recovers the jobs this instance owns. It runs after every hosted service has started, the web server included, so
    /// an instance that cannot bind its port (another one is running there) never starts a runner for the jobs.
    /// </summary>
    public async Task StartedAsync(CancellationToken cancellationToken)
    {
        foreach (var job in await store.ListJobsAsync(cancellationToken))
        {
            if (job.Owner != Identity) continue;
            // Published before the runner starts, so the runner's own updates (newer) are never overwritten.
            await PublishRecoveredAsync(job.Name, cancellationToken);
            Adopt(job);
            logger.LogInformation("recovered job {Job} ({SyncType}, {State})", job.Name, JobStateNames.Of(job.Info.SyncType), JobStateNames.Of(job.Info.State));
        }
        _recovered = true;
    }

    /// <inheritdoc />
    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <inheritdoc />
    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <inheritdoc />
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync();
        foreach (var job in _runners.Keys.ToList()) await StopRunnerAsync(job);
        // Taking every gate waits for the control operation holding it.
        foreach (var job in _jobs.Values)
        {
            try
            {
                await job.Gate.WaitAsync(cancellationToken);
                job.Gate.Release();
            }
            catch (OperationCanceledException)
            {
                logger.LogWarning("stopped before job {Job} finished its current step", job.Name);
            }
        }
    }

    /// <summary>
    /// Makes the running jobs match the store (high availability): a job held here that the store no longer gives to this
    /// instance at the same epoch is stopped and dropped; a job the store gives to this instance is loaded and started.
    /// </summary>
    /// <returns>How many jobs were dropped and adopted.</returns>
    public async Task<(int Dropped, int Adopted)> ReconcileAsync(IReadOnlyList<JobOwnership> ownerships, CancellationToken cancellationToken)
    {
        if (_stopping.IsCancellationRequested || !_recovered) return (0, 0);
        var owned = ownerships.Where(o => o.Owner == Identity).ToDictionary(o => o.Name, o => o.OwnerEpoch, StringComparer.Ordinal);
        var (dropped, adopted) = (0, 0);
        foreach (var job in _jobs.Values.ToList())
        {
            if (owned.TryGetValue(job.Name, out var epoch) && epoch == job.Stored.OwnerEpoch) continue;
            // The snapshot may predate a job created here since: confirm against the row itself before dropping.
            var current = await store.GetJobAsync(job.Name, cancellationToken);
            if (current is not null && current.Owner == Identity && current.OwnerEpoch == job.Stored.OwnerEpoch) continue;
            if (!_jobs.TryRemove(KeyValuePair.Create(job.Name, job))) continue;
            await StopRunnerAsync(job);
            metrics.RemoveJob(job.Name);
            dropped++;
            logger.LogWarning("job {Job} is now owned by {Owner} (epoch {Epoch}); stopped it here", job.Name,
                current?.Owner ?? "nobody (deleted)", current?.OwnerEpoch ?? 0);
        }
        foreach (var name in owned.Keys)
        {
            if (_jobs.ContainsKey(name)) continue;
            var stored = await store.GetJobAsync(name, cancellationToken);
            if (stored is null || stored.Owner != Identity) continue;
            Adopt(stored);
            adopted++;
            logger.LogInformation("took over job {Job} at epoch {Epoch}", name, stored.OwnerEpoch);
        }
        return (dropped, adopted);
    }

    /// <summary>Stops and forgets every job (this instance's lease lapsed: it may no longer own any of them).</summary>
    /// <returns>How many jobs were stopped.</returns>
    public async Task<int> DropAllAsync()
    {
        var count = 0;
        foreach (var job in _jobs.Values.ToList())
        {
            if (!_jobs.TryRemove(KeyValuePair.Create(job.Name, job))) continue;
            await StopRunnerAsync(job);
            count++;
        }
        return count;
    }

    /// <summary>Validates, checks both clusters, persists and starts a job (docs/api.md, <c>/create_ccr</c>).</summary>
    public async Task CreateAsync(CreateCcrRequest request, CancellationToken cancellationToken)
    {
        var info = JobValidation.ToJobInfo(request);
        redactor.Register(info.Src.Password);
        redactor.Register(info.Dest.Password);
        if (!_creating.TryAdd(info.Name, 0)) throw new JobOperationException($"job {info.Name} is being created by another request");
        try
        {
            if (await store.GetJobAsync(info.Name, cancellationToken) is not null) throw new JobOperationException($"job {info.Name} already exist");
            using var scope = JobLogScope.Begin(logger, info.Name);
            logger.LogInformation("creating {SyncType} job from {Src} to {Dest}", JobStateNames.Of(info.SyncType), info.Src, info.Dest);
            JobInfo checkedInfo;
            try
            {
                checkedInfo = await checks.RunAsync(info, request.AllowTableExists, cancellationToken);
            }
            catch (ClusterCheckException e)
            {
                logger.LogWarning("create job failed: {Reason}", e.Message);
                throw new JobOperationException(e.Message, e);
            }
            if (checkedInfo.Mode == JobMode.Once)
            {
                // Recorded before the job exists, so no restart can move it: what the source had committed at creation.
                checkedInfo = checkedInfo with { OnceGoalCommitSeq = await OnceGoal.ReadAsync(frontends, checkedInfo, cancellationToken) };
                logger.LogInformation("one-shot migration: done once the target has applied the source up to commit seq {Goal}", checkedInfo.OnceGoalCommitSeq);
            }
            var progress = JobProgress.Initial(info.Name, info.SyncType, time.GetUtcNow());
            try
            {
                await store.AddJobAsync(checkedInfo, Identity, JsonSerializer.Serialize(progress, JobJson.Options), cancellationToken);
            }
            catch (JobAlreadyExistsException e)
            {
                throw new JobOperationException(e.Message, e);
            }
            Adopt(new StoredJob(checkedInfo, Identity, 1));
            metrics.JobCreated(info.Name);
            logger.LogInformation("created job (src db_id {SrcDbId}, table_id {SrcTableId}; dest db_id {DestDbId})",
                checkedInfo.Src.DbId, checkedInfo.Src.TableId, checkedInfo.Dest.DbId);
        }
        finally
        {
            _creating.TryRemove(info.Name, out _);
        }
    }

    /// <summary>Finds a job for a job-scoped endpoint; a job this instance owns but has not loaded yet is loaded.</summary>
    public async Task<JobLookup> LookupAsync(string name, CancellationToken cancellationToken)
    {
        JobValidation.ValidateName(name);
        var stored = await store.GetJobAsync(name, cancellationToken);
        if (stored is null)
        {
            if (_jobs.TryRemove(name, out var gone)) await StopRunnerAsync(gone);
            return new JobLookup.NotFound(name);
        }
        if (stored.Owner != Identity)
        {
            // Ownership moved away: forget the stale copy so nothing acts on it.
            if (_jobs.TryRemove(name, out var stale)) await StopRunnerAsync(stale);
            return new JobLookup.OwnedElsewhere(name, stored.Owner);
        }
        return new JobLookup.Local(_jobs.TryGetValue(name, out var job) ? job : Adopt(stored));
    }

    /// <summary>Every job in the store, of every owner, with its owner, epoch and user state, ordered by name (ordinal).</summary>
    public async Task<IReadOnlyList<StoredJob>> ListJobsAsync(CancellationToken cancellationToken) =>
        (await store.ListJobsAsync(cancellationToken)).OrderBy(j => j.Name, StringComparer.Ordinal).ToList();

    /// <summary><c>/pause</c> and <c>/resume</c>: persists the user state.</summary>
    public Task SetStateAsync(ManagedJob job, JobState state, CancellationToken cancellationToken) =>
        WithGateAsync(job, async ct =>
        {
            var stored = job.Stored;
            if (stored.Info.State == JobState.Done)
                throw new JobOperationException($"job {job.Name} is done (its one-shot migration finished); it cannot be paused or resumed, only deleted");
            if (stored.Info.State == state) return;
            // A resume is the operator's answer to the engine's pause reason.
            await PersistAsync(job, stored.Info with { State = state, PauseReason = state == JobState.Running ? null : stored.Info.PauseReason }, ct);
            job.Interrupt();
            metrics.State(job.Name, JobStateNames.Of(state));
            logger.LogInformation("job is now {State}", JobStateNames.Of(state));
        }, cancellationToken);

    /// <summary><c>/update_job</c>: persists <c>skip_error</c>.</summary>
    public Task SetSkipErrorAsync(ManagedJob job, bool skipError, CancellationToken cancellationToken) =>
        WithGateAsync(job, async ct =>
        {
            await PersistAsync(job, job.Stored.Info with { SkipError = skipError }, ct);
            logger.LogInformation("skip_error set to {SkipError}", skipError);
        }, cancellationToken);

    /// <summary><c>/job_skip_binlog</c>: asks the engine to mark the binlog with <paramref name="commitSeq"/> done without applying it.</summary>
    public Task SkipBinlogAsync(ManagedJob job, long commitSeq, CancellationToken cancellationToken) =>
        WithGateAsync(job, async ct =>
        {
            if (commitSeq <= 0) throw new JobOperationException($"commit_seq must be a positive binlog commit seq, got {commitSeq}");
            var progress = await ReadProgressAsync(job.Name, ct);
            if (progress is not null && commitSeq <= progress.PrevCommitSeq)
                throw new JobOperationException($"binlog {commitSeq} is already applied (prev_commit_seq is {progress.PrevCommitSeq}); nothing to skip");
            await PersistAsync(job, job.Stored.Info with { SkipBinlogCommitSeq = commitSeq }, ct);
            job.Interrupt();
            logger.LogWarning("operator asked to skip binlog {CommitSeq}", commitSeq);
        }, cancellationToken);

    /// <summary><c>/force_fullsync</c>: a full sync starts at the job's next incremental step.</summary>
    public Task ForceFullSyncAsync(ManagedJob job, CancellationToken cancellationToken) =>
        WithGateAsync(job, ct =>
        {
            job.RequestFullSync();
            job.Interrupt();
            logger.LogWarning("full sync requested by operator");
            return Task.CompletedTask;
        }, cancellationToken);

    /// <summary><c>/delete</c>: stops the job and removes its rows (destination data is left alone).</summary>
    public Task DeleteAsync(ManagedJob job, CancellationToken cancellationToken) =>
        WithGateAsync(job, async ct =>
        {
            // Marked only once the rows are gone: a store failure must leave the job manageable (and /delete retryable).
            if (!await store.DeleteJobAsync(job.Name, ct)) throw new JobOperationException($"job {job.Name} not exist");
            job.MarkDeleted();
            _jobs.TryRemove(KeyValuePair.Create(job.Name, job));
            await StopRunnerAsync(job);
            metrics.RemoveJob(job.Name);
            logger.LogInformation("job deleted");
        }, cancellationToken);

    /// <summary><c>/desync</c>: clears <c>is_being_synced</c> on the job's destination tables; failures are collected per table.</summary>
    public Task DesyncAsync(ManagedJob job, CancellationToken cancellationToken) =>
        WithGateAsync(job, async ct =>
        {
            var dest = job.Stored.Info.Dest;
            using var limit = CancellationTokenSource.CreateLinkedTokenSource(ct);
            limit.CancelAfter(options.ConnectTimeout + options.RpcTimeout);
            IDorisSqlSession session;
            try
            {
                session = await connector.OpenAsync(dest, limit.Token);
            }
            catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
            {
                throw new JobOperationException($"dest cluster {dest.Address}: cannot connect: {e.Message}", e);
            }
            await using (session)
            {
                var sql = new DorisSqlGateway(session);
                IReadOnlyList<string> tables;
                try
                {
                    tables = job.Stored.Info.SyncType == SyncType.TableSync
                        ? [dest.Table]
                        : await sql.ListTablesAsync(dest.Database, limit.Token);
                }
                catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
                {
                    throw new JobOperationException($"dest cluster {dest.Address}: cannot list the tables of {dest.Database}: {e.Message}", e);
                }
                var failures = new List<string>();
                foreach (var table in tables)
                {
                    try
                    {
                        await sql.ClearBeingSyncedAsync(dest.Database, table, limit.Token);
                    }
                    catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
                    {
                        failures.Add($"{dest.Database}.{table}: {e.Message}");
                    }
                }
                if (failures.Count > 0)
                    throw new JobOperationException($"dest cluster {dest.Address}: desync failed for {string.Join("; ", failures)}");
                logger.LogInformation("desynced {Count} destination table(s)", tables.Count);
            }
        }, cancellationToken);

    /// <summary><c>/get_lag</c>: the source FE's count of binlogs not yet applied, and the age of the oldest.</summary>
    public Task<ReplicationLag> GetLagAsync(ManagedJob job, CancellationToken cancellationToken) =>
        WithGateAsync(job, async ct =>
        {
            var progress = await ReadProgressAsync(job.Name, ct);
            var lag = await lagSource.GetLagAsync(job.Stored, progress?.CommitSeq ?? 0, ct);
            metrics.Lag(job.Name, lag.Binlogs);
            return lag;
        }, cancellationToken);

    /// <summary><c>/job_status</c>: lock-free, from the stored state and progress.</summary>
    public async Task<JobStatus> GetStatusAsync(ManagedJob job, CancellationToken cancellationToken)
    {
        var info = job.Stored.Info;
        var progress = await ReadProgressAsync(job.Name, cancellationToken);
        // Without a progress yet, the job is about to start its full sync (the Go syncer showed DBFullSync even for table jobs).
        var syncState = progress?.SyncState ?? (info.SyncType == SyncType.TableSync ? SyncState.TableFullSync : SyncState.DBFullSync);
        var engine = job.Status;
        return new JobStatus(info.Name, JobStateNames.Of(info.State), JobStateNames.Of(syncState))
        {
            PrevCommitSeq = progress?.PrevCommitSeq,
            CommitSeq = progress?.CommitSeq,
            LastError = engine.LastError,
            FailedAttempts = engine.Attempts > 0 ? engine.Attempts : null,
            FailingSince = engine.FailingSince?.ToUnixTimeSeconds(),
            LastProgressAt = engine.LastProgressAt?.ToUnixTimeSeconds(),
            Mode = info.Mode == JobMode.Once ? "once" : null,
            PauseReason = info.State == JobState.Paused ? info.PauseReason : null,
            FilteredBinlogs = progress?.FilteredBinlogs > 0 ? progress.FilteredBinlogs : null,
            Summary = info.MigrationSummary,
        };
    }

    /// <summary><c>/job_progress</c>: the stored progress JSON.</summary>
    public async Task<string> GetProgressJsonAsync(ManagedJob job, CancellationToken cancellationToken) =>
        await store.GetProgressAsync(job.Name, cancellationToken)
        ?? throw new JobOperationException($"job {job.Name} has no progress yet");

    /// <summary><c>/job_detail</c>: job_info JSON with passwords masked.</summary>
    public string GetDetailJson(ManagedJob job) =>
        JsonSerializer.Serialize(job.Stored.Info.WithPasswordsMasked(SecretRedactor.Mask), JobJson.Options);

    private async Task PublishRecoveredAsync(string name, CancellationToken cancellationToken)
    {
        JobProgress? progress;
        try
        {
            progress = await ReadProgressAsync(name, cancellationToken);
        }
        catch (JobOperationException e)
        {
            // The runner reports the unreadable progress when it starts; the job's series still appear.
            logger.LogWarning("job {Job}: {Reason}", name, e.Message);
            progress = null;
        }
        if (progress is null) metrics.JobKnown(name);
        else metrics.JobRecovered(name, JobStateNames.Of(progress.SyncState), progress.PrevCommitSeq, progress.CommitSeq);
    }

    private ManagedJob Adopt(StoredJob stored)
    {
        redactor.Register(stored.Info.Src.Password);
        redactor.Register(stored.Info.Dest.Password);
        var job = _jobs.GetOrAdd(stored.Name, _ => new ManagedJob(stored));
        metrics.State(stored.Name, JobStateNames.Of(stored.Info.State));
        metrics.JobKnown(stored.Name);
        // A finished one-shot migration has nothing left to run.
        if (!_stopping.IsCancellationRequested && !_runners.ContainsKey(job) && stored.Info.State != JobState.Done)
        {
            JobSession session;
            try
            {
                var clients = new JobClients(stored.Info, frontends, connector);
                // The fence before each target commit: the epoch this runner was started with must still be the job's.
                clients.BeforeTargetCommit = async ct =>
                {
                    var held = job.Stored;
                    if (!await store.IsOwnerAsync(held.Name, held.Owner, held.OwnerEpoch, ct).ConfigureAwait(false))
                        throw new JobOwnershipLostException(held.Name);
                };
                session = new JobSession(job, clients, budget, options, time, logger) { Metrics = metrics };
            }
            catch (ArgumentException e)
            {
                // A job adopted from another store with an unusable address: it stays manageable and says why it does not run.
                job.Status.Failed($"the job cannot run: {e.Message}", time.GetUtcNow());
                logger.LogError("job {Job} cannot run: {Error}", stored.Name, e.Message);
                return job;
            }
            var runner = new JobRunner(job, session, store, notifier, metrics, time, logger);
            if (_runners.TryAdd(job, runner)) runner.Start();
            else _ = session.DisposeAsync().AsTask();
        }
        return job;
    }

    private async Task StopRunnerAsync(ManagedJob job)
    {
        job.Interrupt();
        if (_runners.TryRemove(job, out var runner)) await runner.DisposeAsync();
    }

    private async Task PersistAsync(ManagedJob job, JobInfo info, CancellationToken cancellationToken)
    {
        var stored = job.Stored;
        if (!await store.UpdateJobInfoAsync(info, stored.Owner, stored.OwnerEpoch, cancellationToken))
        {
            _jobs.TryRemove(KeyValuePair.Create(job.Name, job));
            throw new JobOperationException($"job {job.Name} is no longer owned by this syncer ({Identity}) or was deleted; retry the request");
        }
        job.Update(stored with { Info = info });
    }

    private async Task<JobProgress?> ReadProgressAsync(string name, CancellationToken cancellationToken)
    {
        var json = await store.GetProgressAsync(name, cancellationToken);
        if (json is null) return null;
        try
        {
            return JsonSerializer.Deserialize<JobProgress>(json, JobJson.Options);
        }
        catch (JsonException e)
        {
            throw new JobOperationException($"job {name}: stored progress is not readable: {e.Message}", e);
        }
    }

    private async Task WithGateAsync(ManagedJob job, Func<CancellationToken, Task> action, CancellationToken cancellationToken) =>
        await WithGateAsync(job, async ct =>
        {
            await action(ct);
            return 0;
        }, cancellationToken);

    private async Task<T> WithGateAsync<T>(ManagedJob job, Func<CancellationToken, Task<T>> action, CancellationToken cancellationToken)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _stopping.Token);
        await job.Gate.WaitAsync(linked.Token);
        try
        {
            if (job.Deleted) throw new JobOperationException($"job {job.Name} not exist");
            using var scope = JobLogScope.Begin(logger, job.Name);
            return await action(cancellationToken);
        }
        finally
        {
            job.Gate.Release();
        }
    }
}
