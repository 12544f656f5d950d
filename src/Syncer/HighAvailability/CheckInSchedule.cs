namespace Syncer.HighAvailability;

/// <summary>
/// The check-in loop's timing and log throttling as pure functions (as Quartz.NET's cluster manager separates them):
/// after a success the next check-in comes one interval after the previous one started; after failures it comes
/// sooner, so a returning store is noticed within a fraction of the lease, but never in a tight loop.
/// </summary>
public static class CheckInSchedule
{
    /// <summary>The shortest wait between two check-ins.</summary>
    public static readonly TimeSpan MinimumDelay = TimeSpan.FromMilliseconds(20);

    /// <summary>How long to wait before the next check-in.</summary>
    /// <param name="interval">The configured check-in interval.</param>
    /// <param name="lastCheckInTook">How long the check-in that just ended took.</param>
    /// <param name="consecutiveFailures">Check-ins that failed in a row, the last one included (0 after a success).</param>
    public static TimeSpan NextDelay(TimeSpan interval, TimeSpan lastCheckInTook, int consecutiveFailures)
    {
        var delay = consecutiveFailures == 0
            ? interval - lastCheckInTook
            // Retry at half the interval: quicker to notice the store back, still at most two attempts per interval.
            : interval / 2;
        return delay < MinimumDelay ? MinimumDelay : delay;
    }

    /// <summary>Whether this failure is logged: the first of a run, then every 10th up to 100, then every 100th.</summary>
    public static bool ShouldLogFailure(int consecutiveFailures) => consecutiveFailures switch
    {
        <= 0 => false,
        1 => true,
        <= 100 => consecutiveFailures % 10 == 0,
        _ => consecutiveFailures % 100 == 0,
    };
}
