using System.Buffers;
using System.Buffers.Binary;
using System.Net.Sockets;
using Syncer.Wire.Thrift.Protocol;

namespace Syncer.Wire.Thrift.Transport;

/// <summary>
/// One TCP connection carrying Thrift messages in either transport mode. Reads return whole messages
/// from an internal pooled buffer; a returned message stays valid until the next read.
/// </summary>
internal sealed class ThriftConnection : IDisposable
{
    private const int InitialBufferSize = 16 * 1024;

    private readonly Socket _socket;
    private readonly ThriftTransportMode _mode;
    private readonly int _maxMessageSize;
    private readonly TBinaryMessageScanner _scanner = new();
    private byte[] _buffer;
    private int _start;
    private int _end;
    private int _consumeOnNextRead;

    public ThriftConnection(Socket socket, ThriftTransportMode mode, int maxMessageSize, string peer)
    {
        _socket = socket;
        _mode = mode;
        _maxMessageSize = maxMessageSize;
        _buffer = ArrayPool<byte>.Shared.Rent(InitialBufferSize);
        Peer = peer;
    }

    /// <summary>host:port of the other side, for error messages.</summary>
    public string Peer { get; }

    /// <summary>
    /// True when the peer has closed an idle connection (or sent something unexpected while idle),
    /// so it must not be reused.
    /// </summary>
    public bool IsClosedWhileIdle()
    {
        try
        {
            return _socket.Poll(0, SelectMode.SelectRead) || !_socket.Connected;
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            return true;
        }
    }

    public async ValueTask WriteMessageAsync(ReadOnlyMemory<byte> message, CancellationToken cancellationToken)
    {
        if (_mode == ThriftTransportMode.Framed)
        {
            var header = new byte[4];
            BinaryPrimitives.WriteInt32BigEndian(header, message.Length);
            await SendAsync(header, cancellationToken).ConfigureAwait(false);
        }

        await SendAsync(message, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Reads the next whole message, or returns null when the peer closed the connection between messages.</summary>
    public async ValueTask<ReadOnlyMemory<byte>?> ReadMessageAsync(CancellationToken cancellationToken)
    {
        _start += _consumeOnNextRead;
        _consumeOnNextRead = 0;
        if (_start == _end)
        {
            _start = _end = 0;
        }

        int offset, length;
        if (_mode == ThriftTransportMode.Framed)
        {
            if (!await FillAsync(4, cancellationToken).ConfigureAwait(false))
            {
                return null;
            }

            length = BinaryPrimitives.ReadInt32BigEndian(_buffer.AsSpan(_start, 4));
            if (length < 0 || length > _maxMessageSize)
            {
                throw TooLarge(length);
            }

            await FillRequiredAsync(4 + length, cancellationToken).ConfigureAwait(false);
            offset = 4;
        }
        else
        {
            _scanner.Reset();
            offset = 0;
            while (true)
            {
                if (_scanner.TryComplete(_buffer.AsSpan(_start, _end - _start), out length, out var needed))
                {
                    break;
                }

                if (needed > _maxMessageSize)
                {
                    throw TooLarge(needed);
                }

                if (_end == _start)
                {
                    if (!await FillAsync(needed, cancellationToken).ConfigureAwait(false))
                    {
                        return null;
                    }
                }
                else
                {
                    await FillRequiredAsync(needed, cancellationToken).ConfigureAwait(false);
                }
            }
        }

        _consumeOnNextRead = offset + length;
        return _buffer.AsMemory(_start + offset, length);
    }

    /// <summary>Resets the connection (TCP RST instead of an orderly close); Dispose still releases it.</summary>
    public void Abort()
    {
        try
        {
            _socket.LingerState = new LingerOption(true, 0);
            _socket.Close(0);
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            // Already gone.
        }
    }

    public void Dispose()
    {
        try
        {
            _socket.Shutdown(SocketShutdown.Both);
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            // Already closed by the peer: nothing to shut down.
        }

        _socket.Dispose();
        var buffer = Interlocked.Exchange(ref _buffer, []);
        if (buffer.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private async ValueTask FillRequiredAsync(int count, CancellationToken cancellationToken)
    {
        if (!await FillAsync(count, cancellationToken).ConfigureAwait(false))
        {
            throw new ThriftTransportException(ThriftTransportError.ConnectionClosed, $"{Peer} closed the connection in the middle of a message");
        }
    }

    /// <summary>Reads until at least <paramref name="count"/> unconsumed bytes are buffered; false on a clean EOF before any byte.</summary>
    private async ValueTask<bool> FillAsync(int count, CancellationToken cancellationToken)
    {
        while (_end - _start < count)
        {
            // Grow with the bytes that actually arrive (at most doubling), not with the size the peer declared: a bogus
            // length must not allocate gigabytes before a single byte of the message has come.
            var pending = _end - _start;
            EnsureCapacity((int)Math.Min(count, Math.Max(pending + MinimumGrowth, 2L * pending)));
            int read;
            try
            {
                read = await _socket.ReceiveAsync(_buffer.AsMemory(_end), SocketFlags.None, cancellationToken).ConfigureAwait(false);
            }
            catch (SocketException e)
            {
                throw new ThriftTransportException(ThriftTransportError.ConnectionClosed, $"connection to {Peer} failed: {e.Message}", e);
            }

            if (read == 0)
            {
                if (_end == _start)
                {
                    return false;
                }

                throw new ThriftTransportException(ThriftTransportError.ConnectionClosed, $"{Peer} closed the connection in the middle of a message");
            }

            _end += read;
        }

        return true;
    }

    private const int MinimumGrowth = 64 * 1024;

    private void EnsureCapacity(int count)
    {
        if (_start + count <= _buffer.Length)
        {
            return;
        }

        var pending = _end - _start;
        if (count <= _buffer.Length)
        {
            Buffer.BlockCopy(_buffer, _start, _buffer, 0, pending);
        }
        else
        {
            var size = (int)Math.Min(Math.Max((long)_buffer.Length * 2, count), Array.MaxLength);
            var larger = ArrayPool<byte>.Shared.Rent(size);
            Buffer.BlockCopy(_buffer, _start, larger, 0, pending);
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = larger;
        }

        _start = 0;
        _end = pending;
    }

    private async ValueTask SendAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
    {
        try
        {
            while (!data.IsEmpty)
            {
                var sent = await _socket.SendAsync(data, SocketFlags.None, cancellationToken).ConfigureAwait(false);
                data = data[sent..];
            }
        }
        catch (SocketException e)
        {
            throw new ThriftTransportException(ThriftTransportError.ConnectionClosed, $"connection to {Peer} failed: {e.Message}", e);
        }
    }

    private ThriftTransportException TooLarge(long size) =>
        new(ThriftTransportError.MessageTooLarge, $"message from {Peer} of {size} bytes exceeds the limit of {_maxMessageSize} bytes");
}
