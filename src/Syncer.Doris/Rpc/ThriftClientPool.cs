using System.Net.Sockets;
using Thrift;
using Thrift.Protocol;
using Thrift.Transport;
using Thrift.Transport.Client;

namespace Syncer.Doris.Rpc;

/// <summary>
/// Apache Thrift clients of one generated service for one server address, each on a connection of its own
/// (TSocketTransport under <see cref="SpanBufferedTransport"/> (TBufferedTransport's bytes) or TFramedTransport,
/// TBinaryProtocol). A call takes a client from the
/// pool, so concurrent callers (48 ingests per BE) never interleave on one socket. A connection that failed, timed
/// out or was closed by the server while idle is dropped and the next call connects afresh. Calls are never retried
/// here: once the request may have been sent only the caller knows whether the method is safe to send twice.
/// </summary>
/// <typeparam name="TClient">A generated service client, e.g. <c>FrontendService.Client</c>.</typeparam>
internal sealed class ThriftClientPool<TClient> : IAsyncDisposable
    where TClient : TBaseClient
{
    // Large enough that a getBinlog reply is read in a few socket reads, small enough to keep per idle connection.
    private const int TransportBufferSize = 64 * 1024;

    private readonly ThriftClientOptions _options;
    private readonly Func<TProtocol, TClient> _newClient;
    private readonly TConfiguration _configuration;
    private readonly SemaphoreSlim _slots;
    private readonly Stack<Connection> _idle = new();
    private readonly object _idleLock = new();
    private bool _disposed;

    public ThriftClientPool(ThriftClientOptions options, Func<TProtocol, TClient> newClient)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(newClient);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxConnections, 1);
        _options = options;
        _newClient = newClient;
        _configuration = new TConfiguration { MaxMessageSize = options.MaxMessageSize, MaxFrameSize = options.MaxMessageSize };
        _slots = new SemaphoreSlim(options.MaxConnections, options.MaxConnections);
        Address = $"{options.Host}:{options.Port}";
    }

    /// <summary>host:port this pool connects to.</summary>
    public string Address { get; }

    /// <summary>
    /// Runs one call on a pooled client. Throws <see cref="ThriftTransportException"/> for connection problems and
    /// timeouts; Apache Thrift's <see cref="TApplicationException"/> (the server answered with one) and
    /// <see cref="TProtocolException"/> (an undecodable reply) pass through.
    /// </summary>
    public async ValueTask<TResult> CallAsync<TResult>(
        string method,
        Func<TClient, CancellationToken, Task<TResult>> call,
        TimeSpan? timeout,
        CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var limit = timeout ?? _options.CallTimeout;
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(limit);

        try
        {
            await _slots.WaitAsync(deadline.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new ThriftTransportException(ThriftTransportError.Timeout, $"{method} to {Address}: no connection free within {limit.TotalSeconds:0.###} s");
        }

        Connection? connection = null;
        var reusable = false;
        try
        {
            connection = TakeIdle() ?? await ConnectAsync(deadline.Token, cancellationToken).ConfigureAwait(false);
            var result = await call(connection.Client, deadline.Token).ConfigureAwait(false);
            reusable = true;
            return result;
        }
        catch (TApplicationException e) when (e.Type is not (TApplicationException.ExceptionType.BadSequenceId or TApplicationException.ExceptionType.WrongMethodName))
        {
            // A whole EXCEPTION reply was read: the connection is in step and can serve the next call.
            reusable = true;
            throw;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new ThriftTransportException(ThriftTransportError.Timeout, $"{method} to {Address} timed out after {limit.TotalSeconds:0.###} s");
        }
        catch (TTransportException e) when (IsOverLimit(e))
        {
            throw new ThriftTransportException(ThriftTransportError.MessageTooLarge, $"{method} to {Address}: the reply exceeds the limit of {_options.MaxMessageSize} bytes", e);
        }
        catch (Exception e) when (e is TTransportException or IOException or SocketException or ObjectDisposedException && !cancellationToken.IsCancellationRequested)
        {
            throw new ThriftTransportException(ThriftTransportError.ConnectionClosed, $"{method} to {Address}: the connection failed: {e.Message}", e);
        }
        finally
        {
            if (connection is not null)
            {
                if (reusable)
                {
                    ReturnIdle(connection);
                }
                else
                {
                    connection.Dispose();
                }
            }

            _slots.Release();
        }
    }

    public ValueTask DisposeAsync()
    {
        lock (_idleLock)
        {
            _disposed = true;
            while (_idle.TryPop(out var connection))
            {
                connection.Dispose();
            }
        }

        return ValueTask.CompletedTask;
    }

    private static bool IsOverLimit(TTransportException e) =>
        e.Message.Contains("MaxMessageSize", StringComparison.Ordinal); // Apache Thrift's TEndpointTransport: "MaxMessageSize reached"

    private Connection? TakeIdle()
    {
        lock (_idleLock)
        {
            while (_idle.TryPop(out var connection))
            {
                if (!connection.IsClosedWhileIdle())
                {
                    return connection;
                }

                connection.Dispose();
            }
        }

        return null;
    }

    private void ReturnIdle(Connection connection)
    {
        lock (_idleLock)
        {
            if (!_disposed && _idle.Count < _options.MaxIdleConnections)
            {
                _idle.Push(connection);
                return;
            }
        }

        connection.Dispose();
    }

    private async ValueTask<Connection> ConnectAsync(CancellationToken callToken, CancellationToken callerToken)
    {
        // TSocketTransport.OpenAsync takes no cancellation, so the socket is connected here, under the connect timeout,
        // and handed to the transport already open.
        using var connectDeadline = CancellationTokenSource.CreateLinkedTokenSource(callToken);
        connectDeadline.CancelAfter(_options.ConnectTimeout);
        var tcp = new TcpClient { NoDelay = true };
        try
        {
            await tcp.ConnectAsync(_options.Host, _options.Port, connectDeadline.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!callerToken.IsCancellationRequested && !callToken.IsCancellationRequested)
        {
            tcp.Dispose();
            throw new ThriftTransportException(ThriftTransportError.ConnectFailed, $"connect to {Address} timed out after {_options.ConnectTimeout.TotalSeconds:0.###} s");
        }
        catch (SocketException e)
        {
            tcp.Dispose();
            throw new ThriftTransportException(ThriftTransportError.ConnectFailed, $"connect to {Address} failed: {e.Message}", e);
        }
        catch
        {
            tcp.Dispose();
            throw;
        }

        var socket = new TSocketTransport(tcp, _configuration);
        TTransport transport = _options.Transport == ThriftTransportMode.Framed
            ? new TFramedTransport(socket)
            : new SpanBufferedTransport(socket, TransportBufferSize);
        var protocol = new ReplyMatchingProtocol(transport);
        return new Connection(tcp, transport, protocol, _newClient(protocol));
    }

    /// <summary>One open connection and the generated client bound to it.</summary>
    private sealed class Connection(TcpClient tcp, TTransport transport, TProtocol protocol, TClient client) : IDisposable
    {
        public TClient Client { get; } = client;

        /// <summary>True when the peer closed the idle connection (or sent something unasked), so it must not be reused.</summary>
        public bool IsClosedWhileIdle()
        {
            try
            {
                // Bytes already read ahead into the buffer are something unasked too (the socket poll cannot see them).
                return !tcp.Connected || transport is SpanBufferedTransport { Buffered: > 0 } || tcp.Client.Poll(0, SelectMode.SelectRead);
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException)
            {
                return true;
            }
        }

        public void Dispose()
        {
            Client.Dispose();
            protocol.Dispose();
            transport.Dispose();
            tcp.Dispose();
        }
    }
}
