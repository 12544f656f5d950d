using System.Buffers;
using System.Net.Sockets;
using Syncer.Wire.Thrift.Protocol;
using Syncer.Wire.Thrift.Transport;

namespace Syncer.Wire.Thrift.Client;

/// <summary>
/// A Thrift client for one server address. Each call takes a connection of its own from a small pool, so
/// concurrent callers never interleave on one socket; a connection that failed, timed out or was closed by
/// the server while idle is dropped and the next call connects afresh. Calls are never retried here: only
/// the caller knows whether a method is safe to send twice.
/// </summary>
public sealed class ThriftClient : IAsyncDisposable
{
    private readonly ThriftClientOptions _options;
    private readonly SemaphoreSlim _slots;
    private readonly Stack<ThriftConnection> _idle = new();
    private readonly object _idleLock = new();
    private int _seqId;
    private bool _disposed;

    public ThriftClient(ThriftClientOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxConnections, 1);
        _options = options;
        _slots = new SemaphoreSlim(options.MaxConnections, options.MaxConnections);
        Address = $"{options.Host}:{options.Port}";
    }

    /// <summary>host:port this client talks to.</summary>
    public string Address { get; }

    /// <summary>
    /// Sends <paramref name="request"/> as the argument of <paramref name="method"/> and returns the decoded
    /// result. Throws <see cref="ThriftTransportException"/> for connection problems and timeouts,
    /// <see cref="ThriftApplicationException"/> when the server answers with one, and
    /// <see cref="ThriftProtocolException"/> for undecodable replies.
    /// </summary>
    public async ValueTask<TResult> CallAsync<TRequest, TResult>(
        string method,
        TRequest request,
        TimeSpan? timeout = null,
        CancellationToken cancellationToken = default)
        where TRequest : class, new()
        where TResult : class, new()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var seqId = Interlocked.Increment(ref _seqId);
        var message = new ArrayBufferWriter<byte>(256);
        ThriftMessageCodec.WriteCall(message, method, seqId, request);

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

        ThriftConnection? connection = null;
        var reusable = false;
        try
        {
            connection = TakeIdle() ?? await ConnectAsync(deadline.Token, cancellationToken).ConfigureAwait(false);
            await connection.WriteMessageAsync(message.WrittenMemory, deadline.Token).ConfigureAwait(false);
            var reply = await connection.ReadMessageAsync(deadline.Token).ConfigureAwait(false)
                ?? throw new ThriftTransportException(ThriftTransportError.ConnectionClosed, $"{method} to {Address}: the server closed the connection without replying");
            var result = DecodeReply<TResult>(reply.Span, method, seqId, out reusable);
            return result;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new ThriftTransportException(ThriftTransportError.Timeout, $"{method} to {Address} timed out after {limit.TotalSeconds:0.###} s");
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

    private static TResult DecodeReply<TResult>(ReadOnlySpan<byte> reply, string method, int seqId, out bool reusable)
        where TResult : class, new()
    {
        reusable = false;
        var reader = new TBinaryReader(reply);
        var header = reader.ReadMessageBegin();
        if (header.SeqId != seqId)
        {
            throw new ThriftApplicationException(TApplicationExceptionType.BadSequenceId, $"{method}: reply has sequence id {header.SeqId}, expected {seqId}");
        }

        if (header.Name != method)
        {
            throw new ThriftApplicationException(TApplicationExceptionType.WrongMethodName, $"{method}: reply is for method '{header.Name}'");
        }

        switch (header.Type)
        {
            case TMessageType.Reply:
                var result = ThriftMessageCodec.ReadResult<TResult>(ref reader, method);
                reusable = true;
                return result;
            case TMessageType.Exception:
                var exception = ThriftMessageCodec.ReadApplicationException(ref reader);
                reusable = true;
                throw exception;
            default:
                throw new ThriftApplicationException(TApplicationExceptionType.InvalidMessageType, $"{method}: unexpected message type {header.Type} in reply");
        }
    }

    private ThriftConnection? TakeIdle()
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

    private void ReturnIdle(ThriftConnection connection)
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

    private async ValueTask<ThriftConnection> ConnectAsync(CancellationToken callToken, CancellationToken callerToken)
    {
        using var connectDeadline = CancellationTokenSource.CreateLinkedTokenSource(callToken);
        connectDeadline.CancelAfter(_options.ConnectTimeout);
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(_options.Host, _options.Port, connectDeadline.Token).ConfigureAwait(false);
            return new ThriftConnection(socket, _options.Transport, _options.MaxMessageSize, Address);
        }
        catch (OperationCanceledException) when (!callerToken.IsCancellationRequested && !callToken.IsCancellationRequested)
        {
            socket.Dispose();
            throw new ThriftTransportException(ThriftTransportError.ConnectFailed, $"connect to {Address} timed out after {_options.ConnectTimeout.TotalSeconds:0.###} s");
        }
        catch (SocketException e)
        {
            socket.Dispose();
            throw new ThriftTransportException(ThriftTransportError.ConnectFailed, $"connect to {Address} failed: {e.Message}", e);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
