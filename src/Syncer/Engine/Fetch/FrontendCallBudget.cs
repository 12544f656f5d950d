using System.Collections.Concurrent;
using Syncer.Doris.Rpc;

namespace Syncer.Engine.Fetch;

/// <summary>
/// Caps the getBinlog calls this process makes to one source FE (flag <c>-max_getbinlog_per_second</c>), whoever
/// makes them: the shared binlog watcher and every job's own fetches take a token from the same per-FE bucket.
/// One instance per process.
/// </summary>
/// <remarks>
/// The default, <see cref="DefaultPerSecond"/> = 50, leaves the latency target intact: the watcher of one active
/// database polls at most 20 times a second, a load wakes one job that fetches once or twice, so normal traffic
/// never waits for a token; the cap only bites when many jobs catch up at once (one Doris 2.x call per binlog),
/// and then it spreads them out instead of hammering the FE, each call waiting at most a few tens of milliseconds
/// per queued caller. The burst equals one second of calls, so a short spike is not delayed at all.
/// </remarks>
public sealed class FrontendCallBudget
{
    /// <summary>Default of <c>-max_getbinlog_per_second</c>.</summary>
    public const int DefaultPerSecond = 50;

    private readonly ConcurrentDictionary<FrontendEndpoint, TokenBucket> _buckets = new();
    private readonly TimeProvider _time;
    private readonly long _origin;

    /// <param name="perSecond">getBinlog calls per second per FE; 0 or less: no cap.</param>
    /// <param name="time">The clock the waits run on.</param>
    public FrontendCallBudget(int perSecond, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(time);
        PerSecond = perSecond;
        _time = time;
        _origin = time.GetTimestamp();
    }

    /// <summary>The cap per FE; 0 or less means none.</summary>
    public int PerSecond { get; }

    /// <summary>Waits until a getBinlog call to <paramref name="endpoint"/> fits in the budget, and counts it.</summary>
    public ValueTask AcquireAsync(FrontendEndpoint endpoint, CancellationToken cancellationToken)
    {
        if (PerSecond <= 0) return ValueTask.CompletedTask;
        cancellationToken.ThrowIfCancellationRequested();
        var bucket = _buckets.GetOrAdd(endpoint, static (_, self) => new TokenBucket(self.PerSecond, self.PerSecond, self.Now()), this);
        TimeSpan wait;
        lock (bucket)
        {
            wait = bucket.Reserve(Now());
        }

        return wait <= TimeSpan.Zero ? ValueTask.CompletedTask : new ValueTask(WaitAsync(bucket, wait, cancellationToken));
    }

    private async Task WaitAsync(TokenBucket bucket, TimeSpan wait, CancellationToken cancellationToken)
    {
        try
        {
            await Task.Delay(wait, _time, cancellationToken);
        }
        catch (OperationCanceledException)
        {
            // The caller will not make the call: the next one in line need not wait for it.
            lock (bucket)
            {
                bucket.Refund(Now());
            }

            throw;
        }
    }

    private TimeSpan Now() => _time.GetElapsedTime(_origin);
}
