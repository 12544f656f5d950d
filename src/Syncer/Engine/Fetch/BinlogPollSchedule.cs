namespace Syncer.Engine.Fetch;

/// <summary>
/// How long the shared binlog watcher sleeps between two database-level getBinlog polls. Pure functions of the
/// elapsed time (as Quartz's ClusterManager computes its next check-in), so they are tested without a clock.
/// </summary>
/// <remarks>
/// A database that had a binlog within <see cref="HotWindow"/> is polled every <see cref="Hot"/>: loads come in
/// bursts, and the next one should reach the target within the commit-to-visible target (p50 ≤ 100 ms, so
/// detection must cost well under half of it). Past the window the delay starts at <see cref="Warm"/>, which keeps
/// an idle database at or under 10 getBinlog/s however many jobs wait on it, and doubles every
/// <see cref="DoublingEvery"/> of silence up to <see cref="Cold"/>, so a database idle for long costs one call a second.
/// </remarks>
public sealed record BinlogPollSchedule
{
    /// <summary>Delay while binlogs arrive (default 50 ms: 20 polls/s, 25 ms mean detection).</summary>
    public TimeSpan Hot { get; init; } = TimeSpan.FromMilliseconds(50);

    /// <summary>How long after the last binlog the database counts as active (default 1 s).</summary>
    public TimeSpan HotWindow { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>First delay once the database is quiet (default 150 ms: under the 10 calls/s idle ceiling with the call's own time).</summary>
    public TimeSpan Warm { get; init; } = TimeSpan.FromMilliseconds(150);

    /// <summary>Quiet time after which the delay doubles again (default 2 s).</summary>
    public TimeSpan DoublingEvery { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>Longest idle delay (default 1 s).</summary>
    public TimeSpan Cold { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Delay after the first failed poll (default 1 s); doubles per further failure.</summary>
    public TimeSpan ErrorFirst { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Longest delay after failures (default 30 s).</summary>
    public TimeSpan ErrorMax { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>The delay before the next poll when the last one found nothing new.</summary>
    /// <param name="sinceLastBinlog">Time since the watcher last saw a binlog (or since it started, if it saw none).</param>
    public TimeSpan IdleDelay(TimeSpan sinceLastBinlog)
    {
        if (sinceLastBinlog < HotWindow) return Hot;
        var quiet = sinceLastBinlog - HotWindow;
        // Whole doublings only: the delay is a step function, so a test can name the exact value.
        var doublings = DoublingEvery > TimeSpan.Zero ? quiet.Ticks / DoublingEvery.Ticks : long.MaxValue;
        return Scale(Warm, doublings, Cold);
    }

    /// <summary>The delay before the next poll after <paramref name="consecutiveFailures"/> (≥ 1) failed polls in a row.</summary>
    public TimeSpan ErrorDelay(int consecutiveFailures) =>
        Scale(ErrorFirst, Math.Max(0, consecutiveFailures - 1), ErrorMax);

    private static TimeSpan Scale(TimeSpan start, long doublings, TimeSpan max)
    {
        if (start >= max) return max;
        // 2^62 ticks would overflow long; anything past 40 doublings is above any sane maximum anyway.
        if (doublings >= 40) return max;
        var ticks = start.Ticks << (int)doublings;
        return ticks <= 0 || ticks >= max.Ticks ? max : TimeSpan.FromTicks(ticks);
    }
}
