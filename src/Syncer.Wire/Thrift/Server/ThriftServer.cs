using System.Buffers;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Syncer.Wire.Thrift.Transport;
using Syncer.Wire.Net;

namespace Syncer.Wire.Thrift.Server;

/// <summary>
/// A Thrift server: accepts connections and serves each with its own loop of read message, run
/// the <see cref="ThriftProcessor"/>, write reply. Stopping closes the listener, cancels the loops and
/// waits for in-flight calls to finish.
/// </summary>
public sealed class ThriftServer : IAsyncDisposable
{
    private readonly ThriftProcessor _processor;
    private readonly ThriftServerOptions _options;
    private readonly ConcurrentDictionary<int, Task> _connections = new();
    private readonly CancellationTokenSource _stopping = new();
    private Socket? _listener;
    private Task? _acceptLoop;
    private int _nextConnectionId;

    public ThriftServer(ThriftProcessor processor, ThriftServerOptions? options = null)
    {
        _processor = processor ?? throw new ArgumentNullException(nameof(processor));
        _options = options ?? new ThriftServerOptions();
    }

    /// <summary>The bound port, known once started.</summary>
    public int Port { get; private set; }

    /// <summary>Number of connections currently open.</summary>
    public int ConnectionCount => _connections.Count;

    public void Start()
    {
        if (_listener is not null)
        {
            throw new InvalidOperationException("the server is already started");
        }

        var listener = TcpListenerSocket.Open(_options.Address, _options.Port);
        _listener = listener;
        Port = TcpListenerSocket.PortOf(listener);
        _acceptLoop = AcceptLoopAsync(listener, _stopping.Token);
    }

    public async Task StopAsync()
    {
        if (_stopping.IsCancellationRequested)
        {
            return;
        }

        await _stopping.CancelAsync().ConfigureAwait(false);
        _listener?.Dispose();
        if (_acceptLoop is not null)
        {
            await _acceptLoop.ConfigureAwait(false);
        }

        await Task.WhenAll(_connections.Values).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync().ConfigureAwait(false);
        _stopping.Dispose();
    }

    private async Task AcceptLoopAsync(Socket listener, CancellationToken stopping)
    {
        while (!stopping.IsCancellationRequested)
        {
            Socket socket;
            try
            {
                socket = await listener.AcceptAsync(stopping).ConfigureAwait(false);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException && stopping.IsCancellationRequested)
            {
                return;
            }
            catch (SocketException)
            {
                // A connection reset before it was accepted; keep serving the others.
                continue;
            }

            socket.NoDelay = true;
            var id = Interlocked.Increment(ref _nextConnectionId);
            var peer = socket.RemoteEndPoint?.ToString() ?? "client";
            var connection = new ThriftConnection(socket, _options.Transport, _options.MaxMessageSize, peer);
            // The loop waits for the gate so that it cannot finish (and unregister) before it is registered.
            var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _connections[id] = ServeAsync(id, connection, gate.Task, stopping);
            gate.SetResult();
        }
    }

    private async Task ServeAsync(int id, ThriftConnection connection, Task gate, CancellationToken stopping)
    {
        await gate.ConfigureAwait(false);
        var reply = new ArrayBufferWriter<byte>(1024);
        try
        {
            while (!stopping.IsCancellationRequested)
            {
                var message = await connection.ReadMessageAsync(stopping).ConfigureAwait(false);
                if (message is null)
                {
                    return;
                }

                reply.ResetWrittenCount();
                await _processor.ProcessAsync(message.Value, reply, stopping).ConfigureAwait(false);
                if (reply.WrittenCount > 0)
                {
                    await connection.WriteMessageAsync(reply.WrittenMemory, stopping).ConfigureAwait(false);
                }
            }
        }
        catch (ThriftConnectionAbortException)
        {
            // A handler asked to drop the call unanswered: reset the connection.
            connection.Abort();
        }
        catch (Exception e) when (e is OperationCanceledException or ThriftTransportException or ThriftProtocolException or ObjectDisposedException)
        {
            // The client went away, sent garbage, or the server is stopping: this connection is done.
        }
        finally
        {
            connection.Dispose();
            _connections.TryRemove(id, out _);
        }
    }
}
