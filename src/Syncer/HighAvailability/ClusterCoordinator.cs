using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Syncer.Configuration;
using Syncer.Jobs;
using Syncer.Observability;
using Syncer.Store;

namespace Syncer.HighAvailability;

/// <summary>
/// The check-in loop (docs/high-availability.md). Every <c>-ha_check_interval</c> the instance renews its lease in
/// <c>syncers</c>; on the MySQL store it then takes or renews the leader lease, the leader assigns jobs
/// (<see cref="JobAssignmentPlanner"/>, each move a compare-and-set that bumps the epoch), and every instance makes its
/// running jobs match what it owns in the store (<see cref="JobManager.ReconcileAsync"/>). An instance that could not
/// renew for a whole lease (paused, cut off, the store down) stops every job before anything else: another instance
/// may own them by now. A hand-rolled loop rather than Quartz: the delay is computed after each check-in
/// (<see cref="CheckInSchedule"/>) and runs on the injected <see cref="TimeProvider"/>.
/// </summary>
public sealed class ClusterCoordinator(
    IJobStore store,
    JobManager jobs,
    ClusterStatus status,
    SyncerOptions options,
    SyncerMetrics metrics,
    TimeProvider time,
    ILogger<ClusterCoordinator> logger) : BackgroundService
{
    private DateTimeOffset? _lastRenewal;
    private DateTimeOffset _inTouchSince;
    private int _failures;

    private bool Coordinates => options.DbType == StoreKind.MySql;

    /// <inheritdoc />
    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        // The first registration is synchronous with start-up, so a store that cannot be written fails the start.
        var now = time.GetUtcNow();
        await store.HeartbeatAsync(new SyncerRecord(options.Identity, now, now + options.HaLease), cancellationToken);
        _lastRenewal = now;
        _inTouchSince = now;
        status.Renewed();
        await base.StartAsync(cancellationToken);
    }

    /// <inheritdoc />
    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        if (!Coordinates || !status.IsLeader) return;
        try
        {
            await store.ReleaseLeadershipAsync(options.Identity, cancellationToken);
        }
        catch (StoreException e)
        {
            logger.LogWarning("could not give up the leader lease: {Message}", e.Message);
        }
    }

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var took = TimeSpan.Zero;
        try
        {
            while (true)
            {
                await Task.Delay(CheckInSchedule.NextDelay(options.HaCheckInterval, took, _failures), time, stoppingToken);
                var started = time.GetTimestamp();
                await CheckInAsync(stoppingToken);
                took = time.GetElapsedTime(started);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Normal shutdown.
        }
    }

    /// <summary>One check-in: self-fence if the lease lapsed, renew, lead, reconcile.</summary>
    internal async Task CheckInAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (Coordinates && _lastRenewal is { } last && now - last > options.HaLease)
        {
            // Another instance may own our jobs by now: stop them before anything else, re-adopt what is still ours below.
            var dropped = await jobs.DropAllAsync();
            status.SetLeader(false);
            logger.LogWarning("lease lapsed ({Age} ms since the last renewal); stopped {Count} job(s) until ownership is confirmed",
                (long)(now - last).TotalMilliseconds, dropped);
            _lastRenewal = null;
        }
        try
        {
            await store.HeartbeatAsync(new SyncerRecord(options.Identity, now, now + options.HaLease), cancellationToken);
            if (_failures > 0 || _lastRenewal is null)
            {
                _inTouchSince = now;
                if (_failures > 0) logger.LogInformation("job store reachable again after {Failures} failed check-in(s)", _failures);
            }
            _failures = 0;
            _lastRenewal = now;
            status.Renewed();
            status.ConsecutiveFailures = 0;
            if (Coordinates) await CoordinateAsync(now, cancellationToken);
        }
        catch (StoreException e)
        {
            _failures++;
            status.ConsecutiveFailures = _failures;
            if (CheckInSchedule.ShouldLogFailure(_failures))
                logger.LogWarning("check-in failed ({Failures} in a row, transient: {Transient}): {Message}", _failures, e.IsTransient, e.Message);
        }
        metrics.Cluster(status.IsLeader, jobs.LocalJobs.Count, status.LeaseAge);
    }

    private async Task CoordinateAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var leader = await store.TryHoldLeadershipAsync(options.Identity, now, now + options.HaLease, cancellationToken);
        if (status.SetLeader(leader))
            logger.LogInformation(leader ? "this instance is now the leader" : "this instance is no longer the leader");
        var ownerships = await store.ListOwnershipsAsync(cancellationToken);
        if (leader) ownerships = await AssignAsync(ownerships, now, cancellationToken);
        await jobs.ReconcileAsync(ownerships, cancellationToken);
    }

    private async Task<IReadOnlyList<JobOwnership>> AssignAsync(IReadOnlyList<JobOwnership> ownerships, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var live = (await store.ListSyncersAsync(cancellationToken)).Where(s => s.LeaseExpiry >= now).Select(s => s.Instance).ToHashSet(StringComparer.Ordinal);
        live.Add(options.Identity);
        var plan = JobAssignmentPlanner.Plan(ownerships, live, mayTakeOrphans: now - _inTouchSince >= options.HaLease);
        if (plan.Count == 0) return ownerships;
        var result = ownerships.ToDictionary(o => o.Name, StringComparer.Ordinal);
        foreach (var move in plan)
        {
            var epoch = await store.TransferJobAsync(move.Name, move.To, move.FromEpoch, cancellationToken);
            if (epoch is null) continue; // Changed (deleted, moved) since it was read: the next check-in sees the new state.
            result[move.Name] = new JobOwnership(move.Name, move.To, epoch.Value);
            logger.LogInformation("assigned job {Job} to {Instance} (from {Previous}, epoch {Epoch})", move.Name, move.To,
                move.From.Length == 0 ? "nobody" : move.From, epoch.Value);
        }
        return result.Values.OrderBy(o => o.Name, StringComparer.Ordinal).ToList();
    }
}
