using Syncer.Engine;

namespace Syncer.Tests.Engine;

public sealed class RetryDelayTests
{
    [Theory]
    [InlineData(0, 200)]
    [InlineData(1, 400)]
    [InlineData(3, 1600)]
    [InlineData(7, 25600)]
    [InlineData(8, 30000)]
    [InlineData(1000, 30000)]
    public void Transient_failures_back_off_exponentially_up_to_30_seconds(int attempt, int expectedMs) =>
        Assert.Equal(TimeSpan.FromMilliseconds(expectedMs), RetryDelay.Compute(attempt, SyncErrorKind.Transient, 0.5));

    [Theory]
    [InlineData(0, 5)]
    [InlineData(2, 20)]
    [InlineData(6, 300)]
    [InlineData(50, 300)]
    public void Refused_binlogs_back_off_from_5_seconds_up_to_5_minutes(int attempt, int expectedSeconds) =>
        Assert.Equal(TimeSpan.FromSeconds(expectedSeconds), RetryDelay.Compute(attempt, SyncErrorKind.Permanent, 0.5));

    [Fact]
    public void Jitter_spreads_the_delay_by_twenty_percent_either_way()
    {
        Assert.Equal(TimeSpan.FromMilliseconds(160), RetryDelay.Compute(0, SyncErrorKind.Transient, 0));
        Assert.Equal(TimeSpan.FromMilliseconds(240), RetryDelay.Compute(0, SyncErrorKind.Transient, 1));
        Assert.Equal(TimeSpan.FromMilliseconds(240), RetryDelay.Compute(0, SyncErrorKind.Transient, 7));
        Assert.Equal(TimeSpan.FromMilliseconds(160), RetryDelay.Compute(-3, SyncErrorKind.Transient, -1));
    }
}
