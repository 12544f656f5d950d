namespace Syncer.TestSupport;

/// <summary>Waits for a condition on something outside the test's control (another process), checking it repeatedly.</summary>
public static class Eventually
{
    /// <summary>How long a wait lasts when the caller names no timeout.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Reads <paramref name="probe"/> until <paramref name="done"/> holds for its value and returns that value; a timeout
    /// says what was awaited and the last value seen.
    /// </summary>
    public static async Task<T> UntilAsync<T>(Func<Task<T>> probe, Func<T, bool> done, string what, TimeSpan? timeout = null)
    {
        var limit = timeout ?? DefaultTimeout;
        var started = TimeProvider.System.GetTimestamp();
        using var ticks = new PeriodicTimer(TimeSpan.FromMilliseconds(50));
        while (true)
        {
            var last = await probe();
            if (done(last)) return last;
            if (TimeProvider.System.GetElapsedTime(started) > limit)
                throw new TimeoutException($"timed out after {limit} waiting for {what}; last value: {Describe(last)}");
            await ticks.WaitForNextTickAsync();
        }
    }

    public static async Task UntilAsync(Func<Task<bool>> condition, TimeSpan timeout, string what)
    {
        using var limit = new CancellationTokenSource(timeout);
        using var ticks = new PeriodicTimer(TimeSpan.FromMilliseconds(50));
        while (!await condition())
        {
            try
            {
                await ticks.WaitForNextTickAsync(limit.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"timed out after {timeout} waiting for {what}");
            }
        }
    }

    /// <summary>Until GET <paramref name="url"/> answers 200.</summary>
    public static async Task UntilHealthyAsync(Uri url, TimeSpan timeout)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        await UntilAsync(async () =>
        {
            try
            {
                using var response = await http.GetAsync(url);
                return response.IsSuccessStatusCode;
            }
            catch (HttpRequestException)
            {
                return false;
            }
            catch (TaskCanceledException)
            {
                return false;
            }
        }, timeout, $"{url} to answer");
    }

    private static string Describe<T>(T value) => value switch
    {
        null => "null",
        IEnumerable<string> lines => string.Join(" / ", lines),
        _ => value.ToString() ?? string.Empty,
    };
}
