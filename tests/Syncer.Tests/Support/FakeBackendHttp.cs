using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
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

    /// <summary>The HTTP status of the answer.</summary>
    public int StatusCode { get; set; } = 200;

    /// <summary>When set, requests get no answer until the client gives up.</summary>
    public bool Hang { get; set; }

    public int Requests;

    public static async Task<FakeBackendHttp> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [] });
        builder.Logging.ClearProviders();
        // Port 0: the OS picks a free port at bind time, so parallel tests cannot collide.
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        FakeBackendHttp? self = null;
        app.MapGet("/api/show_config", async (HttpContext context) =>
        {
            Interlocked.Increment(ref self!.Requests);
            if (self.Hang) await Task.Delay(Timeout.Infinite, context.RequestAborted);
            var item = context.Request.Query["conf_item"].ToString();
            if (self.RawBody is not null) return Results.Text(self.RawBody, "application/json", statusCode: self.StatusCode);
            return Results.Json(new[] { new[] { item, "bool", self.BinlogValue, "false" } }, statusCode: self.StatusCode);
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        self = new FakeBackendHttp(app, new Uri(address).Port);
        return self;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
