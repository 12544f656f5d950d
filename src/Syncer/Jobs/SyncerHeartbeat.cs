using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Syncer.Configuration;
using Syncer.Store;

namespace Syncer.Jobs;

/// <summary>
/// Registers this instance in <c>syncers</c> at start and refreshes its heartbeat and lease every
/// <see cref="Interval"/>, so other instances sharing a MySQL store can tell it is alive. Rebalancing of a
/// dead instance's jobs belongs to the HA job manager (a later issue).
/// </summary>
public sealed class SyncerHeartbeat(IJobStore store, SyncerOptions options, TimeProvider time, ILogger<SyncerHeartbeat> logger)
    : BackgroundService
{
    /// <summary>The Go syncer's check period.</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(5);

    /// <summary>How long a heartbeat vouches for the instance (two missed beats plus slack, as the Go syncer's 12 s).</summary>
    public static readonly TimeSpan Lease = TimeSpan.FromSeconds(12);

    /// <inheritdoc />
    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        // The first registration is synchronous with start-up, so a store that cannot be written fails the start.
        await BeatAsync(cancellationToken);
        await base.StartAsync(cancellationToken);
    }

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try
                {
                    await BeatAsync(stoppingToken);
                }
                catch (StoreException e)
                {
                    logger.LogWarning("heartbeat failed: {Message}", e.Message);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Normal shutdown.
        }
    }

    private Task BeatAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        return store.HeartbeatAsync(new SyncerRecord(options.Identity, now, now + Lease), cancellationToken);
    }
}
