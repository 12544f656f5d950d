using System.Net;
using Syncer.Tests.Support;

namespace Syncer.Tests.Observability;

/// <summary>Request lines from Serilog.AspNetCore, written by a running syncer through the redacting formatter.</summary>
public sealed class RequestLoggingTests
{
    [Fact]
    public async Task Each_request_is_logged_once_with_its_status_and_no_secret()
    {
        await using var syncer = await RunningSyncer.StartAsync();
        using (var response = await syncer.Http.GetAsync("/version?password=hunter22&x=1")) Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using (var response = await syncer.Http.GetAsync("/nope")) Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        // The line is written once the response has been sent, so the client can see the answer first.
        await syncer.Log.WaitForAsync("HTTP GET /nope responded 404 in ", TimeSpan.FromSeconds(30));
        var lines = syncer.Log.Text.Split('\n');
        var version = Assert.Single(lines, l => l.Contains("HTTP GET /version", StringComparison.Ordinal));
        Assert.Matches(@"^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}\.\d{3} INFO HTTP GET /version\?password=\*\*\*\*\*\*&x=1 responded 200 in \d+\.\d ms$", version);
        Assert.DoesNotContain("hunter22", syncer.Log.Text, StringComparison.Ordinal);
        using (var response = await syncer.Http.GetAsync("/metrics")) Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await syncer.Log.WaitForAsync("DEBUG HTTP GET /metrics responded 200 in ", TimeSpan.FromSeconds(30));
    }

    [Fact]
    public async Task Scrapes_log_at_debug_so_they_stay_out_of_an_info_log()
    {
        await using var syncer = await RunningSyncer.StartAsync(configure: o => o.LogLevel = Serilog.Events.LogEventLevel.Information);
        using (var response = await syncer.Http.GetAsync("/metrics")) Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using (var response = await syncer.Http.GetAsync("/version")) Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await syncer.Log.WaitForAsync("HTTP GET /version responded 200", TimeSpan.FromSeconds(30));
        Assert.DoesNotContain("HTTP GET /metrics", syncer.Log.Text, StringComparison.Ordinal);
    }
}
