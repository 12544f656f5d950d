using Thrift;
using Thrift.Transport;

namespace Syncer.Doris.Rpc;

/// <summary>
/// A buffered transport, byte for byte what Apache Thrift's TBufferedTransport puts on the wire (no framing: Doris's
/// FE and BE speak TBinaryProtocol over a plain socket), whose read and write buffers <see cref="SpanBinaryProtocol"/>
/// reads and writes directly. With TBufferedTransport every field of a message goes through four awaited calls
/// (protocol, ReadAllAsync, the buffered transport, its memory buffer), and its read buffer shrinks to 2 KiB after the
/// first short read; that made a 13 KB getBinlog reply about 3x slower to decode than our old codec
/// (docs/performance.md). Here a field already in the buffer is one synchronous call; only a field that straddles the
/// end of what the socket has delivered goes through the awaited path below.
/// </summary>
/// <remarks>
/// Message size: bytes are counted as the protocol consumes them, and a declared length (string, list) is checked
/// against what remains of <see cref="TConfiguration.MaxMessageSize"/>; either failing throws Apache Thrift's
/// "MaxMessageSize reached" <see cref="TTransportException"/>, as its own transports do. The protocol resets the count
/// at the end of each message. On a server's input side Apache Thrift's servers peek one byte through
/// <see cref="TTransport.PeekAsync"/>, which the direct reads would skip: there the protocol reads each message header
/// the stock way (<see cref="SpanBinaryProtocol.ServerInputFactory"/>).
/// </remarks>
internal sealed class SpanBufferedTransport : TLayeredTransport
{
    private readonly byte[] _read;
    private readonly byte[] _write;
    private int _readStart;
    private int _readEnd;
    private int _written;
    private long _remaining;
    private bool _disposed;

    /// <param name="inner">The socket transport.</param>
    /// <param name="bufferSize">Size of each of the two buffers; a message larger than this is read and written in pieces.</param>
    public SpanBufferedTransport(TTransport inner, int bufferSize)
        : base(inner)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(bufferSize, 64);
        _read = new byte[bufferSize];
        _write = new byte[bufferSize];
        _remaining = Configuration.MaxMessageSize;
    }

    public override bool IsOpen => !_disposed && InnerTransport.IsOpen;

    /// <summary>Bytes received and not yet consumed.</summary>
    public int Buffered => _readEnd - _readStart;

    /// <summary>Free room in the write buffer.</summary>
    public int WriteSpace => _write.Length - _written;

    public override Task OpenAsync(CancellationToken cancellationToken) => InnerTransport.OpenAsync(cancellationToken);

    public override void Close() => InnerTransport.Close();

    /// <summary>
    /// The next <paramref name="count"/> received bytes, consumed, when all of them are buffered; otherwise false and
    /// nothing is consumed (the caller then takes the awaited path).
    /// </summary>
    public bool TryTake(int count, out ReadOnlySpan<byte> bytes)
    {
        if (_readEnd - _readStart < count)
        {
            bytes = default;
            return false;
        }

        Count(count);
        bytes = new ReadOnlySpan<byte>(_read, _readStart, count);
        _readStart += count;
        return true;
    }

    /// <summary>
    /// Room for <paramref name="count"/> bytes at the end of the write buffer, claimed, when it has that much free;
    /// otherwise false (the caller then writes through <see cref="WriteAsync(byte[], int, int, CancellationToken)"/>).
    /// </summary>
    public bool TryClaim(int count, out Span<byte> bytes)
    {
        if (_write.Length - _written < count)
        {
            bytes = default;
            return false;
        }

        bytes = new Span<byte>(_write, _written, count);
        _written += count;
        return true;
    }

    public override async ValueTask<int> ReadAsync(byte[] buffer, int offset, int length, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (length <= 0)
        {
            return 0;
        }

        if (_readEnd == _readStart)
        {
            if (length >= _read.Length)
            {
                // Too large to be worth buffering: straight from the socket into the caller's array.
                var direct = await InnerTransport.ReadAsync(buffer, offset, length, cancellationToken).ConfigureAwait(false);
                Count(direct);
                return direct;
            }

            _readStart = 0;
            _readEnd = await InnerTransport.ReadAsync(_read, 0, _read.Length, cancellationToken).ConfigureAwait(false);
            if (_readEnd == 0)
            {
                return 0;
            }
        }

        var n = Math.Min(length, _readEnd - _readStart);
        Count(n);
        Buffer.BlockCopy(_read, _readStart, buffer, offset, n);
        _readStart += n;
        return n;
    }

    public override async Task WriteAsync(byte[] buffer, int offset, int length, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (length > _write.Length - _written)
        {
            await FlushBufferAsync(cancellationToken).ConfigureAwait(false);
        }

        if (length < _write.Length)
        {
            Buffer.BlockCopy(buffer, offset, _write, _written, length);
            _written += length;
            return;
        }

        await InnerTransport.WriteAsync(buffer, offset, length, cancellationToken).ConfigureAwait(false);
    }

    public override async Task FlushAsync(CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        await FlushBufferAsync(cancellationToken).ConfigureAwait(false);
        await InnerTransport.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    public override void CheckReadBytesAvailable(long numBytes)
    {
        if (numBytes < 0 || numBytes > _remaining)
        {
            throw new TTransportException(TTransportException.ExceptionType.MessageSizeLimit, "MaxMessageSize reached");
        }
    }

    public override void ResetMessageSizeAndConsumedBytes(long newSize = -1)
    {
        base.ResetMessageSizeAndConsumedBytes(newSize);
        _remaining = newSize < 0 ? Configuration.MaxMessageSize : Math.Min(newSize, Configuration.MaxMessageSize);
    }

    protected override void Dispose(bool disposing)
    {
        if (!_disposed && disposing)
        {
            InnerTransport.Dispose();
        }

        _disposed = true;
    }

    private void Count(int consumed)
    {
        _remaining -= consumed;
        if (_remaining < 0)
        {
            _remaining = 0;
            throw new TTransportException(TTransportException.ExceptionType.MessageSizeLimit, "MaxMessageSize reached");
        }
    }

    private async Task FlushBufferAsync(CancellationToken cancellationToken)
    {
        if (_written > 0)
        {
            var count = _written;
            _written = 0;
            await InnerTransport.WriteAsync(_write, 0, count, cancellationToken).ConfigureAwait(false);
        }
    }
}
