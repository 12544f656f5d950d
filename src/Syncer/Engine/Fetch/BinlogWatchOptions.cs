namespace Syncer.Engine.Fetch;

/// <summary>Tuning of <see cref="SharedBinlogWatcher"/>; the defaults are the production values.</summary>
public sealed record BinlogWatchOptions
{
    /// <summary>num_acquired of each poll: FEs that batch return up to this many binlogs a call (Doris clamps to 255); 2.0/2.1 return one.</summary>
    public int BatchSize { get; init; } = 255;

    /// <summary>How long a database poller keeps running without waiters before it stops (default 30 s).</summary>
    public TimeSpan Linger { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Delays between polls.</summary>
    public BinlogPollSchedule Schedule { get; init; } = new();
}
