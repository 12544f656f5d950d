using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Syncer.Tests.Support;

/// <summary>A BE's HTTP server on a real port, answering /api/show_config like Doris: a JSON list of [name, type, value, mutable] rows.</summary>
public sealed class FakeBackendHttp : IAsyncDisposable
{
    private readonly WebApplication _app;

    private FakeBackendHttp(WebApplication app, int port)
    {
        _app = app;
        Port = port;
    }

    public int Port { get; }

    /// <summary>The value reported for enable_feature_binlog.</summary>
    public string BinlogValue { get; set; } = "true";

    /// <summary>When set, the raw body returned instead of the normal answer.</summary>
    public string? RawBody { get; set; }

    public int Requests;

    public static async Task<FakeBackendHttp> StartAsync()
    {
        var port = TestPorts.GetFree();
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [] });
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, port));
        var app = builder.Build();
        FakeBackendHttp? self = null;
        app.MapGet("/api/show_config", (HttpContext context) =>
        {
            Interlocked.Increment(ref self!.Requests);
            var item = context.Request.Query["conf_item"].ToString();
            if (self.RawBody is not null) return Results.Text(self.RawBody, "application/json");
            return Results.Json(new[] { new[] { item, "bool", self.BinlogValue, "false" } });
        });
        self = new FakeBackendHttp(app, port);
        await app.StartAsync();
        return self;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
