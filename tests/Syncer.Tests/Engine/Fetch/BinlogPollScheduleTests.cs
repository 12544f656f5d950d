using Syncer.Engine.Fetch;

namespace Syncer.Tests.Engine.Fetch;

public sealed class BinlogPollScheduleTests
{
    private static readonly BinlogPollSchedule Schedule = new();

    [Theory]
    [InlineData(0, 50)]
    [InlineData(999, 50)]
    [InlineData(1_000, 150)]
    [InlineData(2_999, 150)]
    [InlineData(3_000, 300)]
    [InlineData(5_000, 600)]
    [InlineData(7_000, 1_000)]
    [InlineData(21_000, 1_000)]
    [InlineData(3_600_000, 1_000)]
    [InlineData(long.MaxValue / 10_000, 1_000)]
    public void Idle_delay_is_short_while_binlogs_arrive_and_backs_off_to_a_second(long sinceLastBinlogMs, long expectedMs) =>
        Assert.Equal(TimeSpan.FromMilliseconds(expectedMs), Schedule.IdleDelay(TimeSpan.FromMilliseconds(sinceLastBinlogMs)));

    [Fact]
    public void A_quiet_database_is_never_polled_more_than_ten_times_a_second()
    {
        for (var ms = 1_000; ms < 60_000; ms += 37)
        {
            Assert.True(Schedule.IdleDelay(TimeSpan.FromMilliseconds(ms)) >= TimeSpan.FromMilliseconds(100));
        }
    }

    [Fact]
    public void Idle_delay_never_shrinks_as_the_silence_grows()
    {
        var previous = TimeSpan.Zero;
        for (var ms = 0; ms < 60_000; ms += 13)
        {
            var delay = Schedule.IdleDelay(TimeSpan.FromMilliseconds(ms));
            Assert.True(delay >= previous, $"{ms} ms");
            previous = delay;
        }
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(2, 2)]
    [InlineData(3, 4)]
    [InlineData(5, 16)]
    [InlineData(6, 30)]
    [InlineData(100, 30)]
    [InlineData(int.MaxValue, 30)]
    public void Error_delay_doubles_up_to_thirty_seconds(int failures, int expectedSeconds) =>
        Assert.Equal(TimeSpan.FromSeconds(expectedSeconds), Schedule.ErrorDelay(failures));

    [Fact]
    public void Custom_bounds_are_honoured()
    {
        var schedule = new BinlogPollSchedule { Hot = TimeSpan.FromMilliseconds(10), Warm = TimeSpan.FromMilliseconds(20), Cold = TimeSpan.FromMilliseconds(30) };
        Assert.Equal(TimeSpan.FromMilliseconds(10), schedule.IdleDelay(TimeSpan.Zero));
        Assert.Equal(TimeSpan.FromMilliseconds(20), schedule.IdleDelay(TimeSpan.FromSeconds(1)));
        Assert.Equal(TimeSpan.FromMilliseconds(30), schedule.IdleDelay(TimeSpan.FromSeconds(6)));
    }
}
