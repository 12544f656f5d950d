using Syncer.Doris.Rpc;
using Syncer.Engine.Fetch;
using Syncer.Tests.Support;

namespace Syncer.Tests.Engine.Fetch;

public sealed class FrontendCallBudgetTests
{
    private static readonly FrontendEndpoint Fe1 = new("127.0.0.1", 9020);
    private static readonly FrontendEndpoint Fe2 = new("127.0.0.1", 9021);

    [Fact]
    public void Bucket_serves_its_burst_at_once_then_one_token_per_period()
    {
        var bucket = new TokenBucket(perSecond: 10, burst: 3, now: TimeSpan.Zero);
        Assert.Equal(TimeSpan.Zero, bucket.Reserve(TimeSpan.Zero));
        Assert.Equal(TimeSpan.Zero, bucket.Reserve(TimeSpan.Zero));
        Assert.Equal(TimeSpan.Zero, bucket.Reserve(TimeSpan.Zero));
        // Reservations queue up: the 4th waits one period, the 5th two.
        Assert.Equal(TimeSpan.FromMilliseconds(100), bucket.Reserve(TimeSpan.Zero));
        Assert.Equal(TimeSpan.FromMilliseconds(200), bucket.Reserve(TimeSpan.Zero));
        // 200 ms later both are paid for and nothing is left.
        Assert.Equal(TimeSpan.FromMilliseconds(100), bucket.Reserve(TimeSpan.FromMilliseconds(200)));
    }

    [Fact]
    public void Bucket_refills_to_its_burst_and_no_further()
    {
        var bucket = new TokenBucket(perSecond: 10, burst: 2, now: TimeSpan.Zero);
        bucket.Reserve(TimeSpan.Zero);
        bucket.Reserve(TimeSpan.Zero);
        var later = TimeSpan.FromHours(1);
        Assert.Equal(TimeSpan.Zero, bucket.Reserve(later));
        Assert.Equal(TimeSpan.Zero, bucket.Reserve(later));
        Assert.Equal(TimeSpan.FromMilliseconds(100), bucket.Reserve(later));
    }

    [Fact]
    public void Refund_gives_a_reservation_back()
    {
        var bucket = new TokenBucket(perSecond: 10, burst: 1, now: TimeSpan.Zero);
        bucket.Reserve(TimeSpan.Zero);
        Assert.Equal(TimeSpan.FromMilliseconds(100), bucket.Reserve(TimeSpan.Zero));
        bucket.Refund(TimeSpan.Zero);
        Assert.Equal(TimeSpan.FromMilliseconds(100), bucket.Reserve(TimeSpan.Zero));
    }

    [Fact]
    public async Task Calls_past_the_budget_wait_for_the_clock_per_frontend()
    {
        var time = new ManualTimeProvider();
        var budget = new FrontendCallBudget(2, time);
        await budget.AcquireAsync(Fe1, CancellationToken.None);
        await budget.AcquireAsync(Fe1, CancellationToken.None);
        var third = budget.AcquireAsync(Fe1, CancellationToken.None).AsTask();
        // Another FE has its own bucket.
        Assert.True(budget.AcquireAsync(Fe2, CancellationToken.None).IsCompletedSuccessfully);
        Assert.False(third.IsCompleted);
        time.Advance(TimeSpan.FromMilliseconds(499));
        Assert.False(third.IsCompleted);
        time.Advance(TimeSpan.FromMilliseconds(1));
        await third.WaitAsync(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task A_cancelled_wait_throws_and_returns_its_token()
    {
        var time = new ManualTimeProvider();
        var budget = new FrontendCallBudget(1, time);
        await budget.AcquireAsync(Fe1, CancellationToken.None);
        using var cancel = new CancellationTokenSource();
        var waiting = budget.AcquireAsync(Fe1, cancel.Token).AsTask();
        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting.WaitAsync(TimeSpan.FromSeconds(10)));
        // The next caller waits one period, not two.
        var next = budget.AcquireAsync(Fe1, CancellationToken.None).AsTask();
        time.Advance(TimeSpan.FromSeconds(1));
        await next.WaitAsync(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public void Zero_means_no_cap()
    {
        var budget = new FrontendCallBudget(0, new ManualTimeProvider());
        for (var i = 0; i < 10_000; i++) Assert.True(budget.AcquireAsync(Fe1, CancellationToken.None).IsCompletedSuccessfully);
    }
}
