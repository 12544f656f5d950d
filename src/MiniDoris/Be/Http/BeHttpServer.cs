using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using MiniDoris.Faults;

namespace MiniDoris.Be.Http;

/// <summary>
/// The BEs' HTTP endpoints on Kestrel, one listening port per backend: <c>/api/_binlog/_download</c>,
/// <c>/api/_tablet/_download</c> and <c>/api/show_config</c>, with the http.* faults. The local port a request arrived on tells which backend answers.
/// </summary>
internal sealed class BeHttpServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly DorisCluster _cluster;
    private Dictionary<int, long> _backendByPort = [];

    private BeHttpServer(WebApplication app, DorisCluster cluster)
    {
        _app = app;
        _cluster = cluster;
    }

    /// <summary>The bound ports, one per backend in order.</summary>
    public IReadOnlyList<int> Ports { get; private set; } = [];

    public static async Task<BeHttpServer> StartAsync(DorisCluster cluster, IReadOnlyList<int> ports, CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().ConfigureKestrel(options =>
        {
            foreach (var port in ports)
            {
                options.Listen(IPAddress.Loopback, port);
            }
        });
        var app = builder.Build();
        var server = new BeHttpServer(app, cluster);
        app.Run(server.HandleAsync);
        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses;
        server.Ports = addresses.Select(a => new Uri(a).Port).ToList();
        return server;
    }

    /// <summary>Tells which backend owns each port (after the cluster learned the bound ports).</summary>
    public void MapBackends(IReadOnlyList<long> backendIds)
    {
        _backendByPort = Ports.Zip(backendIds).ToDictionary(p => p.First, p => p.Second);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }

    private async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        var query = request.Query.ToDictionary(q => q.Key, q => q.Value.ToString());
        var fault = Fault(request.Path, query);
        if (fault is not null)
        {
            switch (fault.Action)
            {
                case FaultAction.Delay:
                    await Task.Delay(fault.DelayMs ?? 0, context.RequestAborted).ConfigureAwait(false);
                    break;
                case FaultAction.Timeout:
                    await Task.Delay(fault.DelayMs ?? 0, context.RequestAborted).ConfigureAwait(false);
                    context.Abort();
                    return;
                case FaultAction.Reset:
                    context.Abort();
                    return;
                case FaultAction.Fail:
                    var status = int.TryParse(fault.Argument, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var code) ? code : 500;
                    await Write(context, BeHttpResponse.Text(status, "minidoris fault injection: download failed"), query, corrupt: false).ConfigureAwait(false);
                    return;
            }
        }

        BeHttpResponse response;
        if (!_backendByPort.TryGetValue(context.Connection.LocalPort, out var backendId))
        {
            response = BeHttpResponse.Text(503, "backend is starting");
        }
        else if (request.Path == "/api/_binlog/_download")
        {
            response = _cluster.Backend.Download(backendId, query);
        }
        else if (request.Path == "/api/_tablet/_download")
        {
            response = _cluster.Backend.TabletDownload(backendId, query);
        }
        else if (request.Path == "/api/show_config")
        {
            response = _cluster.Backend.ShowConfig(query.GetValueOrDefault("conf_item"));
        }
        else
        {
            response = BeHttpResponse.Text(404, "not found");
        }

        await Write(context, response, query, fault?.Action == FaultAction.Corrupt).ConfigureAwait(false);
    }

    /// <summary>The http.&lt;method&gt; fault for a download request (then http.*), if one fires.</summary>
    private FaultRule? Fault(PathString path, Dictionary<string, string> query)
    {
        string? method = path == "/api/_binlog/_download" ? query.GetValueOrDefault("method")
            : path == "/api/_tablet/_download" ? "tablet_download"
            : null;
        if (method is null)
        {
            return null;
        }

        return _cluster.Faults.Trigger(FaultNames.Http(method)) ?? _cluster.Faults.Trigger(FaultNames.Http("*"));
    }

    private static async Task Write(HttpContext context, BeHttpResponse response, Dictionary<string, string> query, bool corrupt)
    {
        var body = response.Body;
        context.Response.StatusCode = response.StatusCode;
        context.Response.ContentType = response.ContentType;
        context.Response.ContentLength = body.Length;
        if (response.StatusCode == 200 && query.TryGetValue("acquire_md5", out var md5) && md5 == "true")
        {
            context.Response.Headers["Content-MD5"] = BackendBinlogService.Md5Hex(body);
        }

        if (corrupt && body.Length > 0)
        {
            // Damaged in transit: same length, one byte flipped, while Content-MD5 still describes the real bytes.
            body = (byte[])body.Clone();
            body[^1] ^= 0xFF;
        }

        if (!HttpMethods.IsHead(context.Request.Method))
        {
            await context.Response.Body.WriteAsync(body, context.RequestAborted).ConfigureAwait(false);
        }
    }
}
