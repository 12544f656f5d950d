namespace Syncer.Engine;

/// <summary>
/// How long a job waits before retrying a failed step: exponential in the attempt number, capped per kind of
/// failure, with ±20 % jitter so jobs failing together (a cluster restart) do not retry in lockstep.
/// </summary>
public static class RetryDelay
{
    /// <summary>First delay of a transient failure (network, busy FE).</summary>
    public static readonly TimeSpan TransientBase = TimeSpan.FromMilliseconds(200);

    /// <summary>Longest delay of a transient failure: the job resumes within this after the cluster is back.</summary>
    public static readonly TimeSpan TransientMax = TimeSpan.FromSeconds(30);

    /// <summary>First delay of a binlog the target refused: an operator has to act, retrying fast changes nothing.</summary>
    public static readonly TimeSpan PermanentBase = TimeSpan.FromSeconds(5);

    /// <summary>Longest delay of a refused binlog.</summary>
    public static readonly TimeSpan PermanentMax = TimeSpan.FromMinutes(5);

    /// <summary>The delay after failure number <paramref name="attempt"/> (0 for the first); <paramref name="random"/> in [0, 1).</summary>
    public static TimeSpan Compute(int attempt, SyncErrorKind kind, double random)
    {
        var (first, max) = kind == SyncErrorKind.Permanent ? (PermanentBase, PermanentMax) : (TransientBase, TransientMax);
        var exponential = first.TotalMilliseconds * Math.Pow(2, Math.Clamp(attempt, 0, 30));
        var capped = Math.Min(exponential, max.TotalMilliseconds);
        return TimeSpan.FromMilliseconds(capped * (0.8 + 0.4 * Math.Clamp(random, 0, 1)));
    }
}
