using Syncer.HighAvailability;

namespace Syncer.Tests.HighAvailability;

public sealed class CheckInScheduleTests
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    [Fact]
    public void After_a_success_the_next_check_in_keeps_the_interval_from_the_previous_start() =>
        Assert.Equal(TimeSpan.FromMilliseconds(700), CheckInSchedule.NextDelay(Interval, TimeSpan.FromMilliseconds(300), 0));

    [Fact]
    public void A_check_in_slower_than_the_interval_is_followed_by_the_minimum_delay_not_a_tight_loop() =>
        Assert.Equal(CheckInSchedule.MinimumDelay, CheckInSchedule.NextDelay(Interval, TimeSpan.FromSeconds(5), 0));

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(5000)]
    public void After_failures_the_store_is_retried_at_half_the_interval(int failures) =>
        Assert.Equal(TimeSpan.FromMilliseconds(500), CheckInSchedule.NextDelay(Interval, TimeSpan.FromSeconds(3), failures));

    [Fact]
    public void A_tiny_interval_still_waits_the_minimum() =>
        Assert.Equal(CheckInSchedule.MinimumDelay, CheckInSchedule.NextDelay(TimeSpan.FromMilliseconds(10), TimeSpan.Zero, 1));

    [Fact]
    public void Failure_logs_are_throttled_first_then_every_tenth_then_every_hundredth()
    {
        var logged = Enumerable.Range(0, 1001).Where(CheckInSchedule.ShouldLogFailure).ToList();
        Assert.Equal([1, 10, 20, 30, 40, 50, 60, 70, 80, 90, 100, 200, 300, 400, 500, 600, 700, 800, 900, 1000], logged);
    }
}
