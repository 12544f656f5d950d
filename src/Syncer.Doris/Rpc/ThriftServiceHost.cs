using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using Thrift;
using Thrift.Processor;
using Thrift.Protocol;
using Thrift.Server;
using Thrift.Transport;
using Thrift.Transport.Client;
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
    private readonly ConnectionTracker _connections = new();
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

    /// <summary>Connections currently being served.</summary>
    public int ConnectionCount => _connections.Count;

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
        // Both sides take the fast path; the input side reads each message header the stock way, because the server
        // peeks at the input transport before each request (SpanBinaryProtocol.ServerInputFactory).
        _server = new TThreadPoolAsyncServer(
            new TSingletonProcessorFactory(_processor),
            new TServerSocketTransport(listener, configuration),
            new ConnectionTransportFactory(_transport),
            new ConnectionTransportFactory(_transport),
            new SpanBinaryProtocol.ServerInputFactory(),
            new SpanBinaryProtocol.Factory(),
            new TThreadPoolAsyncServer.Configuration(),
            _logger);
        _server.SetEventHandler(_connections);
        _serving = Task.Run(() => _server.ServeAsync(_stopping.Token));
    }

    /// <summary>
    /// Stops accepting, cancels the connection loops and calls in flight (their connections close unanswered) and waits
    /// until every connection is closed.
    /// </summary>
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

        await _connections.AllClosed.ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync().ConfigureAwait(false);
        _stopping.Dispose();
    }

    /// <summary>
    /// The transport of each accepted connection. TBufferedTransport.Factory buffers 1 KiB, so a 13 KiB getBinlog reply
    /// left in 13 writes, and the accepted socket does not inherit TCP_NODELAY from the listener: together that made a
    /// large reply wait on delayed ACKs (4x slower than our old server, docs/performance.md). 64 KiB and NoDelay fix both.
    /// Both sides are a <see cref="SpanBufferedTransport"/> (same bytes) so that a request is decoded straight from its
    /// buffer and a reply encoded straight into it, leaving in one write.
    /// </summary>
    private sealed class ConnectionTransportFactory(ThriftTransportMode mode) : TTransportFactory
    {
        private const int BufferSize = 64 * 1024;

        public override TTransport GetTransport(TTransport trans)
        {
            if (trans is TSocketTransport { TcpClient: { } tcp })
            {
                tcp.NoDelay = true;
            }

            if (mode == ThriftTransportMode.Framed)
            {
                return new TFramedTransport(trans);
            }

            return new SpanBufferedTransport(trans, BufferSize);
        }
    }

    /// <summary>Counts connections through the server's event hooks, and tells when the last one has closed.</summary>
    private sealed class ConnectionTracker : TServerEventHandler
    {
        private readonly object _lock = new();
        private int _count;
        private TaskCompletionSource _allClosed = Completed();

        public int Count => Volatile.Read(ref _count);

        public Task AllClosed
        {
            get
            {
                lock (_lock)
                {
                    return _allClosed.Task;
                }
            }
        }

        public Task PreServeAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task<object> CreateContextAsync(TProtocol input, TProtocol output, CancellationToken cancellationToken)
        {
            lock (_lock)
            {
                if (_count++ == 0)
                {
                    _allClosed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                }
            }

            return Task.FromResult(new object());
        }

        public Task DeleteContextAsync(object serverContext, TProtocol input, TProtocol output, CancellationToken cancellationToken)
        {
            lock (_lock)
            {
                if (--_count == 0)
                {
                    _allClosed.TrySetResult();
                }
            }

            return Task.CompletedTask;
        }

        public Task ProcessContextAsync(object serverContext, TTransport transport, CancellationToken cancellationToken) => Task.CompletedTask;

        private static TaskCompletionSource Completed()
        {
            var done = new TaskCompletionSource();
            done.SetResult();
            return done;
        }
    }
}
