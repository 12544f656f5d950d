using System.Net;
using Syncer.Cluster;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;
using WireMock.Settings;

namespace Syncer.Tests.Cluster;

/// <summary>
/// The BE <c>/api/show_config</c> probe against a scripted HTTP peer (WireMock.Net on 127.0.0.1): Doris's answer,
/// slow answers, server errors, cut-off bodies and redirects.
/// </summary>
public sealed class HttpBackendConfigProbeTests : IDisposable
{
    private const string Item = "enable_feature_binlog";
    private const string DorisAnswer = "[[\"enable_feature_binlog\",\"bool\",\"true\",\"false\"]]";

    private readonly WireMockServer _be = WireMockServer.Start(new WireMockServerSettings { Urls = ["http://127.0.0.1:0"] });
    private readonly HttpBackendConfigProbe _probe =
        HttpBackendConfigProbe.Create(new ClusterTimeouts(TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(1)));

    public void Dispose() => _be.Stop();

    private string At => $"BE 127.0.0.1:{_be.Port}";

    private Task<IReadOnlyList<IReadOnlyList<string>>> ProbeAsync() => _probe.ShowConfigAsync("127.0.0.1", _be.Port, Item, CancellationToken.None);

    private void Answer(IResponseBuilder response) =>
        _be.Given(Request.Create().WithPath("/api/show_config").WithParam("conf_item", Item).UsingGet()).RespondWith(response);

    [Fact]
    public async Task Dorises_rows_are_read_from_the_item_query()
    {
        Answer(Response.Create().WithStatusCode(200).WithHeader("Content-Type", "application/json").WithBody(DorisAnswer));
        var row = Assert.Single(await ProbeAsync());
        Assert.Equal(["enable_feature_binlog", "bool", "true", "false"], row);
        Assert.Single(_be.LogEntries);
    }

    [Fact]
    public async Task A_server_error_names_the_status()
    {
        Answer(Response.Create().WithStatusCode(500).WithBody("internal error"));
        var error = await Assert.ThrowsAsync<ClusterCheckException>(ProbeAsync);
        Assert.Equal($"{At} answered HTTP 500 to /api/show_config", error.Message);
    }

    [Fact]
    public async Task A_slow_answer_ends_at_the_timeout()
    {
        Answer(Response.Create().WithStatusCode(200).WithBody(DorisAnswer).WithDelay(TimeSpan.FromSeconds(20)));
        var started = TimeProvider.System.GetTimestamp();
        var error = await Assert.ThrowsAnyAsync<OperationCanceledException>(ProbeAsync);
        Assert.IsType<TimeoutException>(error.InnerException);
        Assert.InRange(TimeProvider.System.GetElapsedTime(started), TimeSpan.FromSeconds(2.5), TimeSpan.FromSeconds(15));
    }

    [Fact]
    public async Task A_cut_off_body_is_reported_as_such()
    {
        Answer(Response.Create().WithStatusCode(200).WithBody(DorisAnswer).WithFault(FaultType.MALFORMED_RESPONSE_CHUNK));
        var error = await Assert.ThrowsAsync<ClusterCheckException>(ProbeAsync);
        Assert.StartsWith($"{At} answered /api/show_config with ", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_empty_answer_is_reported()
    {
        Answer(Response.Create().WithFault(FaultType.EMPTY_RESPONSE));
        var error = await Assert.ThrowsAsync<ClusterCheckException>(ProbeAsync);
        Assert.StartsWith($"{At} answered /api/show_config with invalid JSON: ", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_redirect_is_followed()
    {
        _be.Given(Request.Create().WithPath("/api/show_config").UsingGet())
            .RespondWith(Response.Create().WithStatusCode(HttpStatusCode.Found).WithHeader("Location", $"http://127.0.0.1:{_be.Port}/moved/show_config?conf_item={Item}"));
        _be.Given(Request.Create().WithPath("/moved/show_config").WithParam("conf_item", Item).UsingGet())
            .RespondWith(Response.Create().WithStatusCode(200).WithBody(DorisAnswer));
        Assert.Equal("true", Assert.Single(await ProbeAsync())[2]);
    }

    [Fact]
    public async Task A_redirect_loop_stops_and_names_the_status()
    {
        _be.Given(Request.Create().WithPath("/api/show_config").UsingGet())
            .RespondWith(Response.Create().WithStatusCode(HttpStatusCode.Found).WithHeader("Location", $"http://127.0.0.1:{_be.Port}/api/show_config?conf_item={Item}"));
        var error = await Assert.ThrowsAsync<ClusterCheckException>(ProbeAsync);
        Assert.Equal($"{At} answered HTTP 302 to /api/show_config", error.Message);
        Assert.Equal(HttpBackendConfigProbe.MaxRedirects + 1, _be.LogEntries.Count());
    }
}
