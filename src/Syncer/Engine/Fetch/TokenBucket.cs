namespace Syncer.Engine.Fetch;

/// <summary>
/// A token bucket on a monotonic clock reading: <see cref="Reserve"/> takes one token and says how long the caller
/// must wait for it. Tokens may go negative (a reservation), so waiters are served in arrival order and none is
/// starved. Not thread-safe; <see cref="FrontendCallBudget"/> locks around it.
/// </summary>
public sealed class TokenBucket
{
    private readonly double _perSecond;
    private readonly double _burst;
    private double _tokens;
    private TimeSpan _last;

    /// <param name="perSecond">Refill rate (tokens per second), &gt; 0.</param>
    /// <param name="burst">Capacity (at least 1); the bucket starts full.</param>
    /// <param name="now">Clock reading at creation.</param>
    public TokenBucket(double perSecond, double burst, TimeSpan now)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(perSecond);
        ArgumentOutOfRangeException.ThrowIfLessThan(burst, 1);
        _perSecond = perSecond;
        _burst = burst;
        _tokens = burst;
        _last = now;
    }

    /// <summary>Takes a token; returns zero if one was there, else how long from <paramref name="now"/> until it is.</summary>
    public TimeSpan Reserve(TimeSpan now)
    {
        Refill(now);
        _tokens -= 1;
        return _tokens >= 0 ? TimeSpan.Zero : TimeSpan.FromSeconds(-_tokens / _perSecond);
    }

    /// <summary>Gives back a reserved token whose caller gave up before using it.</summary>
    public void Refund(TimeSpan now)
    {
        Refill(now);
        _tokens = Math.Min(_burst, _tokens + 1);
    }

    private void Refill(TimeSpan now)
    {
        if (now > _last)
        {
            _tokens = Math.Min(_burst, _tokens + (now - _last).TotalSeconds * _perSecond);
            _last = now;
        }
    }
}
