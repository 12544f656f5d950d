namespace Syncer.HighAvailability;

/// <summary>This instance's view of the cluster, for /healthz and /metrics: leadership, owned jobs and lease age.</summary>
public sealed class ClusterStatus(TimeProvider time)
{
    private long _lastRenewalTimestamp;
    private int _isLeader;

    /// <summary>Whether this instance held the leader lease at its last check-in.</summary>
    public bool IsLeader => Volatile.Read(ref _isLeader) == 1;

    /// <summary>How long since this instance last renewed its lease; null before the first renewal.</summary>
    public TimeSpan? LeaseAge
    {
        get
        {
            var last = Interlocked.Read(ref _lastRenewalTimestamp);
            return last == 0 ? null : time.GetElapsedTime(last);
        }
    }

    /// <summary>Check-ins that failed in a row.</summary>
    public int ConsecutiveFailures { get; internal set; }

    /// <summary>Records a successful renewal.</summary>
    public void Renewed() => Interlocked.Exchange(ref _lastRenewalTimestamp, time.GetTimestamp());

    /// <summary>Records whether this instance is the leader; true when that changed.</summary>
    public bool SetLeader(bool leader)
    {
        var changed = Interlocked.Exchange(ref _isLeader, leader ? 1 : 0) != (leader ? 1 : 0);
        return changed;
    }
}
