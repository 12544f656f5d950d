namespace MiniDoris.Tests.Replication;

/// <summary>Polls a condition until it holds or a deadline passes (never a fixed sleep).</summary>
internal static class Wait
{
    public static readonly TimeSpan Default = TimeSpan.FromSeconds(30);

    public static async Task<T> UntilAsync<T>(Func<Task<T>> probe, Func<T, bool> done, string what, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? Default);
        T last;
        while (true)
        {
            last = await probe();
            if (done(last))
            {
                return last;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"timed out waiting for {what}; last value: {Describe(last)}");
            }

            await Task.Delay(50);
        }
    }

    private static string Describe<T>(T value) => value switch
    {
        null => "null",
        IEnumerable<string> lines => string.Join(" / ", lines),
        _ => value.ToString() ?? string.Empty,
    };
}
