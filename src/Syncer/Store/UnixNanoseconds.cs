namespace Syncer.Store;

/// <summary>Conversions for the <c>syncers</c> timestamps, stored as Unix nanoseconds as the Go syncer does.</summary>
public static class UnixNanoseconds
{
    /// <summary>Time → Unix nanoseconds.</summary>
    public static long From(DateTimeOffset time) => (time.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) * 100;

    /// <summary>Unix nanoseconds → time.</summary>
    public static DateTimeOffset To(long nanoseconds) => DateTimeOffset.UnixEpoch.AddTicks(nanoseconds / 100);
}
