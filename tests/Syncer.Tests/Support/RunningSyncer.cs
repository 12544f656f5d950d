using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Syncer.Configuration;
using Syncer.Observability;

namespace Syncer.Tests.Support;

/// <summary>
/// A syncer started in-process on a free 127.0.0.1 port with its own store directory, reached with a real
/// HttpClient. Logs go to <see cref="Log"/>.
/// </summary>
public sealed class RunningSyncer : IAsyncDisposable
{
    private readonly TempDirectory? _ownedDirectory;

    private RunningSyncer(SyncerService service, SyncerOptions options, LogCapture log, TempDirectory? ownedDirectory)
    {
        Service = service;
        Options = options;
        Log = log;
        _ownedDirectory = ownedDirectory;
        Http = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, UseProxy = false }) { BaseAddress = service.BaseAddress };
    }

    public SyncerService Service { get; }

    public SyncerOptions Options { get; }

    public LogCapture Log { get; }

    public HttpClient Http { get; }

    /// <summary>Starts a syncer. <paramref name="configure"/> adjusts the options after the test defaults are set.</summary>
    public static async Task<RunningSyncer> StartAsync(SyncerAppDependencies? dependencies = null, Action<SyncerOptions>? configure = null,
        string? directory = null)
    {
        var owned = directory is null ? new TempDirectory() : null;
        var dir = directory ?? owned!.Path;
        // The identity (host:port) must be known before binding, so a port can be taken by another test in
        // between; binding fails loudly then and another port is tried.
        for (var attempt = 1; ; attempt++)
        {
            var port = TestPorts.GetFree();
            var options = FlagParser.Parse(["-port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "-bind_address=127.0.0.1",
                $"-db_dir={Path.Combine(dir, "ccr.db")}", "-log_level=trace", "-connect_timeout=2s", "-rpc_timeout=5s"], _ => null).Options;
            configure?.Invoke(options);
            var log = new LogCapture();
            var withLog = (dependencies ?? new SyncerAppDependencies()) with { Console = log };
            var redactor = new SecretRedactor();
            var logger = SyncerLogging.Create(options, redactor, log);
            try
            {
                var service = await SyncerService.StartAsync(options, logger, redactor, withLog, CancellationToken.None);
                return new RunningSyncer(service, options, log, owned);
            }
            catch (IOException e) when (attempt < 3 && e.Message.Contains("address already in use", StringComparison.OrdinalIgnoreCase))
            {
                // Taken between choosing and binding; try another port.
            }
        }
    }

    /// <summary>POSTs <paramref name="json"/> (raw text) to <paramref name="path"/>.</summary>
    public Task<HttpResponseMessage> PostAsync(string path, string json) =>
        Http.PostAsync(path, new StringContent(json, Encoding.UTF8, "application/json"));

    /// <summary>POSTs an object as JSON and parses the JSON answer, asserting HTTP 200.</summary>
    public async Task<JsonElement> CallAsync(string path, object body)
    {
        using var response = await Http.PostAsJsonAsync(path, body);
        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    /// <summary>/create_ccr that must succeed.</summary>
    public async Task CreateAsync(object job)
    {
        var answer = await CallAsync("/create_ccr", job);
        Assert.Equal("{\"success\":true}", answer.GetRawText());
    }

    /// <summary>/create_ccr that must fail and leave no job behind (call it while no job exists); returns error_msg.</summary>
    public async Task<string> CreateFailureAsync(object job)
    {
        var answer = await CallAsync("/create_ccr", job);
        Assert.False(answer.GetProperty("success").GetBoolean(), answer.ToString());
        Assert.False((await CallAsync("/list_jobs", new { })).TryGetProperty("jobs", out _), "a failed creation must not leave a job behind");
        return answer.GetProperty("error_msg").GetString()!;
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await Service.DisposeAsync();
        _ownedDirectory?.Dispose();
    }
}
