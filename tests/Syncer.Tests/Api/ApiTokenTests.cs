using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Syncer.Tests.Support;

namespace Syncer.Tests.Api;

/// <summary>-api_token: bearer auth on everything but /healthz and /metrics.</summary>
public sealed class ApiTokenTests : IAsyncLifetime
{
    private RunningSyncer _syncer = null!;

    public async Task InitializeAsync() => _syncer = await RunningSyncer.StartAsync(configure: o => o.ApiToken = "t0ken-for-tests");

    public async Task DisposeAsync() => await _syncer.DisposeAsync();

    private async Task<HttpStatusCode> StatusAsync(string path, string? token) => (await CallAsync(path, token)).Status;

    private async Task<(HttpStatusCode Status, string Body)> CallAsync(string path, string? token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent("{}", Encoding.UTF8, "application/json") };
        if (token is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await _syncer.Http.SendAsync(request);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("/version", "{\"version\":\"")]
    [InlineData("/list_jobs", "{\"success\":true}")]
    [InlineData("/create_ccr", "{\"success\":false,\"error_msg\":\"name is empty\"")]
    [InlineData("/pause", "{\"success\":false,\"error_msg\":\"name is empty\"")]
    [InlineData("/features", "{\"success\":true,\"flags\":[{\"feature\":")]
    [InlineData("/job_detail", "{\"success\":false,\"error_msg\":\"name is empty\"")]
    public async Task Protected_endpoints_need_the_token(string path, string answerStart)
    {
        Assert.Equal(HttpStatusCode.Unauthorized, await StatusAsync(path, null));
        Assert.Equal(HttpStatusCode.Unauthorized, await StatusAsync(path, "wrong"));
        Assert.Equal(HttpStatusCode.Unauthorized, await StatusAsync(path, "t0ken-for-tests-and-more"));
        // The right token reaches the endpoint itself: its own answer to an empty request, not just "not 401".
        var (status, body) = await CallAsync(path, "t0ken-for-tests");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.StartsWith(answerStart, body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unauthorized_answer_is_the_json_envelope()
    {
        using var response = await _syncer.Http.PostAsync("/list_jobs", null);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("Bearer", response.Headers.WwwAuthenticate.Single().Scheme);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.False(body.GetProperty("success").GetBoolean());
        Assert.Contains("Authorization: Bearer", body.GetProperty("error_msg").GetString()!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Probes_and_scrapers_need_no_token()
    {
        Assert.Equal(HttpStatusCode.OK, (await _syncer.Http.GetAsync("/healthz")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await _syncer.Http.GetAsync("/metrics")).StatusCode);
    }
}
