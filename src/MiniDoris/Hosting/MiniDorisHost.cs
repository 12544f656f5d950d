using System.Globalization;
using MiniDoris.Be.Http;
using MiniDoris.Be.ThriftFront;
using MiniDoris.Fe.MySqlFront;
using MiniDoris.Fe.ThriftFront;
using Syncer.Doris.Rpc;
using MiniDoris.MySql;

namespace MiniDoris.Hosting;

/// <summary>
/// One minidoris process: the cluster engine behind an FE (MySQL front on the query port, Thrift
/// FrontendService on the rpc port) and N BEs (Thrift BackendService and HTTP each), all on 127.0.0.1.
/// </summary>
internal sealed class MiniDorisHost : IAsyncDisposable
{
    private readonly DorisCluster _cluster;
    private readonly List<IAsyncDisposable> _servers = [];
    private readonly CancellationTokenSource _background = new();
    private Task? _gcLoop;
    private Task? _daemonLoop;

    private MiniDorisHost(DorisCluster cluster)
    {
        _cluster = cluster;
    }

    /// <summary>The line printed once everything listens.</summary>
    public string ReadyLine { get; private set; } = string.Empty;

    public static async Task<MiniDorisHost> StartAsync(MiniDorisArguments args, CancellationToken cancellationToken)
    {
        var options = new ClusterOptions
        {
            Name = args.Name,
            DataDir = args.DataDir,
            Backends = args.Backends,
            Frontends = args.Frontends,
            QueryPort = args.QueryPort,
            RpcPort = args.RpcPort,
            HttpPort = args.HttpPort,
            BePort = args.BePort,
            BeHttpPort = args.BeHttpPort,
            EnableFeatureBinlog = args.EnableFeatureBinlog,
            BeEnableFeatureBinlog = args.BeEnableFeatureBinlog,
        };
        var host = new MiniDorisHost(DorisCluster.Start(options));
        try
        {
            await host.BindAsync(args, cancellationToken).ConfigureAwait(false);
            return host;
        }
        catch
        {
            await host.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _background.CancelAsync().ConfigureAwait(false);
        if (_gcLoop is not null)
        {
            await _gcLoop.ConfigureAwait(false);
        }

        if (_daemonLoop is not null)
        {
            await _daemonLoop.ConfigureAwait(false);
        }

        for (var i = _servers.Count - 1; i >= 0; i--)
        {
            await _servers[i].DisposeAsync().ConfigureAwait(false);
        }

        _cluster.Dispose();
        _background.Dispose();
    }

    private async Task BindAsync(MiniDorisArguments args, CancellationToken cancellationToken)
    {
        // FE i: a MySQL front and a Thrift FrontendService over the one engine; FE 0 starts as master.
        var frontends = new List<(int QueryPort, int RpcPort)>();
        for (var i = 0; i < args.Frontends; i++)
        {
            var mysql = new MySqlServer(
                new MySqlServerOptions { Port = args.QueryPort == 0 ? 0 : args.QueryPort + i, ServerVersion = "5.7.99" },
                new ClusterUserStore(_cluster),
                new DorisCommandHandler(_cluster, i));
            await mysql.StartAsync(cancellationToken).ConfigureAwait(false);
            _servers.Add(mysql);

            var fe = new ThriftServiceHost(
                FrontendServiceHandler.Processor(new FrontendThriftService(_cluster, i)),
                args.RpcPort == 0 ? 0 : args.RpcPort + i);
            fe.Start();
            _servers.Add(fe);
            frontends.Add((mysql.Port, fe.Port));
        }

        var bePorts = new List<int>();
        var beServices = new List<BackendThriftService>();
        for (var i = 0; i < args.Backends; i++)
        {
            var service = new BackendThriftService(_cluster);
            beServices.Add(service);
            var be = new ThriftServiceHost(
                BackendServiceHandler.Processor(service),
                args.BePort == 0 ? 0 : args.BePort + i);
            be.Start();
            _servers.Add(be);
            bePorts.Add(be.Port);
        }

        var httpPorts = Enumerable.Range(0, args.Backends).Select(i => args.BeHttpPort == 0 ? 0 : args.BeHttpPort + i).ToList();
        var http = await BeHttpServer.StartAsync(_cluster, httpPorts, cancellationToken).ConfigureAwait(false);
        _servers.Add(http);

        var backendIds = _cluster.ApplyEndpoints(frontends, bePorts, http.Ports);
        http.MapBackends(backendIds);
        for (var i = 0; i < beServices.Count; i++)
        {
            beServices[i].BackendId = backendIds[i];
        }

        _gcLoop = _cluster.RunBackgroundAsync(_background.Token);
        _daemonLoop = _cluster.RunDaemonsAsync(_background.Token);
        ReadyLine = string.Create(CultureInfo.InvariantCulture,
            $"minidoris ready query={string.Join(',', frontends.Select(f => f.QueryPort))} rpc={string.Join(',', frontends.Select(f => f.RpcPort))} be={string.Join(',', bePorts)} http={string.Join(',', http.Ports)}");
    }
}
