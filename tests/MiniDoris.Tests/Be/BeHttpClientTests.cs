using System.Net;
using System.Security.Cryptography;
using MiniDoris.Be;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;
using WireMock.Settings;

namespace MiniDoris.Tests.Be;

/// <summary>
/// The BE-side download client (ingest_binlog, restore) against a scripted source BE (WireMock.Net on 127.0.0.1):
/// Doris retries each call, checks size and MD5, and reports failures with the BE's own wording.
/// </summary>
public sealed class BeHttpClientTests : IDisposable
{
    private static readonly byte[] Segment = "0123456789abcdef0123456789abcdef"u8.ToArray();

    private readonly WireMockServer _source = WireMockServer.Start(new WireMockServerSettings { Urls = ["http://127.0.0.1:0"] });
    private readonly HttpClient _http = new(new SocketsHttpHandler { UseProxy = false });
    private readonly BeHttpClient _client;

    public BeHttpClientTests()
    {
        _client = new BeHttpClient(_http);
    }

    public void Dispose()
    {
        _http.Dispose();
        _source.Stop();
    }

    private string Url(string path) => $"http://127.0.0.1:{_source.Port}{path}";

    private int Calls(string path) => _source.LogEntries.Count(e => e.RequestMessage.Path == path);

    [Fact]
    public async Task A_download_with_the_right_size_and_md5_is_returned()
    {
        _source.Given(Request.Create().WithPath("/seg").UsingGet()).RespondWith(Response.Create().WithStatusCode(200)
            .WithHeader("Content-MD5", Convert.ToHexString(MD5.HashData(Segment)).ToLowerInvariant()).WithBody(Segment));
        Assert.Equal(Segment, await _client.DownloadAsync(Url("/seg"), Segment.Length, CancellationToken.None));
        Assert.Equal(1, Calls("/seg"));
    }

    [Fact]
    public async Task A_server_error_is_retried_then_reported_with_status_and_body()
    {
        _source.Given(Request.Create().WithPath("/seg").UsingGet()).RespondWith(Response.Create().WithStatusCode(500).WithBody("disk gone"));
        var error = await Assert.ThrowsAsync<BeHttpException>(() => _client.GetAsync(Url("/seg"), TimeSpan.FromSeconds(5), CancellationToken.None));
        Assert.Equal($"http status code is not 200, code=500, url={Url("/seg")}, body=disk gone", error.Message);
        Assert.Equal(BeHttpClient.MaxRetry, Calls("/seg"));
    }

    [Fact]
    public async Task A_slow_source_times_out_on_every_attempt()
    {
        _source.Given(Request.Create().WithPath("/seg").UsingGet())
            .RespondWith(Response.Create().WithStatusCode(200).WithBody(Segment).WithDelay(TimeSpan.FromSeconds(10)));
        var error = await Assert.ThrowsAsync<BeHttpException>(() => _client.GetAsync(Url("/seg"), TimeSpan.FromMilliseconds(300), CancellationToken.None));
        Assert.Equal($"Timeout was reached, url={Url("/seg")}", error.Message);
    }

    [Fact]
    public async Task A_cut_off_body_fails_the_size_check_on_every_attempt()
    {
        _source.Given(Request.Create().WithPath("/seg").UsingGet())
            .RespondWith(Response.Create().WithStatusCode(200).WithBody(Segment).WithFault(FaultType.MALFORMED_RESPONSE_CHUNK));
        var error = await Assert.ThrowsAsync<BeHttpException>(() => _client.DownloadAsync(Url("/seg"), Segment.Length, CancellationToken.None));
        Assert.StartsWith("downloaded file size is not equal, local=", error.Message, StringComparison.Ordinal);
        Assert.EndsWith($", remote={Segment.Length}", error.Message, StringComparison.Ordinal);
        Assert.Equal(BeHttpClient.MaxRetry, Calls("/seg"));
    }

    [Fact]
    public async Task A_wrong_md5_is_reported()
    {
        _source.Given(Request.Create().WithPath("/seg").UsingGet())
            .RespondWith(Response.Create().WithStatusCode(200).WithHeader("Content-MD5", new string('0', 32)).WithBody(Segment));
        var error = await Assert.ThrowsAsync<BeHttpException>(() => _client.DownloadAsync(Url("/seg"), Segment.Length, CancellationToken.None));
        Assert.StartsWith("download file md5 is not equal, local=", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_redirect_is_followed_for_head_and_get()
    {
        _source.Given(Request.Create().WithPath("/old").UsingAnyMethod())
            .RespondWith(Response.Create().WithStatusCode(HttpStatusCode.TemporaryRedirect).WithHeader("Location", Url("/new")));
        // A BE answers HEAD with the file's length and no body.
        _source.Given(Request.Create().WithPath("/new").UsingHead())
            .RespondWith(Response.Create().WithStatusCode(200).WithHeader("Content-Length", Segment.Length.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        _source.Given(Request.Create().WithPath("/new").UsingGet()).RespondWith(Response.Create().WithStatusCode(200).WithBody(Segment));
        Assert.Equal(Segment.Length, await _client.HeadAsync(Url("/old"), CancellationToken.None));
        Assert.Equal(Segment, await _client.GetAsync(Url("/old"), TimeSpan.FromSeconds(5), CancellationToken.None));
    }
}
