using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using Thrift;
using Thrift.Processor;
using Thrift.Protocol;
using Thrift.Server;
using Thrift.Transport;
using Thrift.Transport.Server;

namespace Syncer.Doris.Rpc;

/// <summary>
/// Serves one generated Thrift processor (e.g. <see cref="FrontendServiceHandler.Processor"/>) on a TCP port with
/// Apache Thrift's <see cref="TThreadPoolAsyncServer"/>: every connection gets its own loop, TBinaryProtocol over
/// buffered (Doris's default) or framed transport. A handler that throws <see cref="TTransportException"/> makes the
/// server drop that connection unanswered, which is how a fault injector simulates a dead or hung peer.
/// </summary>
public sealed class ThriftServiceHost : IAsyncDisposable
{
    private const int Backlog = 512;

    private readonly ITAsyncProcessor _processor;
    private readonly IPAddress _address;
    private readonly int _requestedPort;
    private readonly ThriftTransportMode _transport;
    private readonly int _maxMessageSize;
    private readonly ILogger? _logger;
    private readonly CancellationTokenSource _stopping = new();
    private TThreadPoolAsyncServer? _server;
    private Task? _serving;

    /// <param name="processor">The generated processor to run for every call.</param>
    /// <param name="port">Port to bind on 127.0.0.1 (or <paramref name="address"/>); 0 picks a free one.</param>
    /// <param name="transport">Buffered (Doris FE and BE) or framed.</param>
    /// <param name="address">Address to bind; loopback unless given.</param>
    /// <param name="maxMessageSize">Largest request accepted; larger ones end the connection (Apache Thrift's and Doris's default, 100 MiB).</param>
    /// <param name="logger">Where the server reports connections that failed unexpectedly.</param>
    public ThriftServiceHost(
        ITAsyncProcessor processor,
        int port = 0,
        ThriftTransportMode transport = ThriftTransportMode.Buffered,
        IPAddress? address = null,
        int maxMessageSize = TConfiguration.DEFAULT_MAX_MESSAGE_SIZE,
        ILogger? logger = null)
    {
        _processor = processor ?? throw new ArgumentNullException(nameof(processor));
        _requestedPort = port;
        _transport = transport;
        _address = address ?? IPAddress.Loopback;
        _maxMessageSize = maxMessageSize;
        _logger = logger;
    }

    /// <summary>The bound port, known once started.</summary>
    public int Port { get; private set; }

    /// <summary>Binds the port and starts accepting; the port is bound when this returns.</summary>
    public void Start()
    {
        if (_server is not null)
        {
            throw new InvalidOperationException("the server is already started");
        }

        // The listener is started here, not by the server's first await, so that Port is known and a taken port fails Start.
        var listener = new TcpListener(_address, _requestedPort);
        listener.Server.NoDelay = true;
        listener.Start(Backlog);
        Port = ((IPEndPoint)listener.LocalEndpoint).Port;
        var configuration = new TConfiguration { MaxMessageSize = _maxMessageSize, MaxFrameSize = _maxMessageSize };
        TTransportFactory transportFactory = _transport == ThriftTransportMode.Framed ? new TFramedTransport.Factory() : new TBufferedTransport.Factory();
        var protocolFactory = new TBinaryProtocol.Factory();
        _server = new TThreadPoolAsyncServer(
            new TSingletonProcessorFactory(_processor),
            new TServerSocketTransport(listener, configuration),
            transportFactory,
            transportFactory,
            protocolFactory,
            protocolFactory,
            new TThreadPoolAsyncServer.Configuration(),
            _logger);
        _serving = Task.Run(() => _server.ServeAsync(_stopping.Token));
    }

    /// <summary>Stops accepting, cancels the connection loops (closing their sockets) and waits for the accept loop to end.</summary>
    public async Task StopAsync()
    {
        if (_stopping.IsCancellationRequested)
        {
            return;
        }

        await _stopping.CancelAsync().ConfigureAwait(false);
        _server?.Stop();
        if (_serving is not null)
        {
            try
            {
                await _serving.ConfigureAwait(false);
            }
            catch (Exception e) when (e is OperationCanceledException or TTransportException)
            {
                // The accept loop ends by cancellation or by its listener closing under it: both are the stop asked for.
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync().ConfigureAwait(false);
        _stopping.Dispose();
    }
}
