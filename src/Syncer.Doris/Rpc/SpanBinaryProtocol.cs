using System.Buffers.Binary;
using System.Text;
using Thrift.Protocol;
using Thrift.Protocol.Entities;
using Thrift.Transport;

namespace Syncer.Doris.Rpc;

/// <summary>
/// Apache Thrift's <see cref="TBinaryProtocol"/> (same bytes, same strict-write default), with a synchronous fast path
/// for every field over a <see cref="SpanBufferedTransport"/>: a value whose bytes are already buffered (reading) or fit
/// in the write buffer (writing) is decoded or encoded in place and returned as a completed task, instead of through
/// TBinaryProtocol's chain of awaited calls. Anything else (a value that straddles a socket read, a write buffer that is
/// full, another transport) falls back to the base class, so the bytes and the errors are TBinaryProtocol's.
/// </summary>
internal class SpanBinaryProtocol(TTransport transport, bool stockMessageHeader = false) : TBinaryProtocol(transport)
{
    private readonly SpanBufferedTransport? _transport = transport as SpanBufferedTransport;
    private SpanBufferedTransport? _buffer = transport as SpanBufferedTransport;

    /// <summary>Builds the protocol for a server's output side.</summary>
    public new sealed class Factory : TProtocolFactory
    {
        public override TProtocol GetProtocol(TTransport trans) => new SpanBinaryProtocol(trans);
    }

    /// <summary>
    /// Builds the protocol for a server's input side. Apache Thrift's servers peek before each request:
    /// <see cref="TTransport.PeekAsync"/> sets the message's first byte aside in the transport, where only
    /// <see cref="TTransport.ReadAllAsync(byte[], int, int, CancellationToken)"/> finds it. So the message header is read
    /// the stock way (which takes that byte back), and the fields after it take the fast path.
    /// </summary>
    public sealed class ServerInputFactory : TProtocolFactory
    {
        public override TProtocol GetProtocol(TTransport trans) => new SpanBinaryProtocol(trans, stockMessageHeader: true);
    }

    public override async ValueTask<TMessage> ReadMessageBeginAsync(CancellationToken cancellationToken)
    {
        if (!stockMessageHeader) return await base.ReadMessageBeginAsync(cancellationToken).ConfigureAwait(false);
        _buffer = null;
        try
        {
            return await base.ReadMessageBeginAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _buffer = _transport;
        }
    }

    public override ValueTask<TField> ReadFieldBeginAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (_buffer is not null && _buffer.Buffered >= 3)
        {
            _buffer.TryTake(1, out var type);
            if ((TType)type[0] == TType.Stop)
            {
                return new ValueTask<TField>(StopField);
            }

            _buffer.TryTake(2, out var id);
            return new ValueTask<TField>(new TField { Type = (TType)type[0], ID = BinaryPrimitives.ReadInt16BigEndian(id) });
        }

        return base.ReadFieldBeginAsync(cancellationToken);
    }

    public override ValueTask<TList> ReadListBeginAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (_buffer is not null && _buffer.TryTake(5, out var bytes))
        {
            var list = new TList((TType)bytes[0], BinaryPrimitives.ReadInt32BigEndian(bytes[1..]));
            CheckReadBytesAvailable(list);
            return new ValueTask<TList>(list);
        }

        return base.ReadListBeginAsync(cancellationToken);
    }

    public override ValueTask<TSet> ReadSetBeginAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (_buffer is not null && _buffer.TryTake(5, out var bytes))
        {
            var set = new TSet((TType)bytes[0], BinaryPrimitives.ReadInt32BigEndian(bytes[1..]));
            CheckReadBytesAvailable(set);
            return new ValueTask<TSet>(set);
        }

        return base.ReadSetBeginAsync(cancellationToken);
    }

    public override ValueTask<TMap> ReadMapBeginAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (_buffer is not null && _buffer.TryTake(6, out var bytes))
        {
            var map = new TMap((TType)bytes[0], (TType)bytes[1], BinaryPrimitives.ReadInt32BigEndian(bytes[2..]));
            CheckReadBytesAvailable(map);
            return new ValueTask<TMap>(map);
        }

        return base.ReadMapBeginAsync(cancellationToken);
    }

    public override ValueTask<bool> ReadBoolAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return _buffer is not null && _buffer.TryTake(1, out var bytes)
            ? new ValueTask<bool>(bytes[0] == 1)
            : base.ReadBoolAsync(cancellationToken);
    }

    public override ValueTask<sbyte> ReadByteAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return _buffer is not null && _buffer.TryTake(1, out var bytes)
            ? new ValueTask<sbyte>((sbyte)bytes[0])
            : base.ReadByteAsync(cancellationToken);
    }

    public override ValueTask<short> ReadI16Async(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return _buffer is not null && _buffer.TryTake(2, out var bytes)
            ? new ValueTask<short>(BinaryPrimitives.ReadInt16BigEndian(bytes))
            : base.ReadI16Async(cancellationToken);
    }

    public override ValueTask<int> ReadI32Async(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return _buffer is not null && _buffer.TryTake(4, out var bytes)
            ? new ValueTask<int>(BinaryPrimitives.ReadInt32BigEndian(bytes))
            : base.ReadI32Async(cancellationToken);
    }

    public override ValueTask<long> ReadI64Async(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return _buffer is not null && _buffer.TryTake(8, out var bytes)
            ? new ValueTask<long>(BinaryPrimitives.ReadInt64BigEndian(bytes))
            : base.ReadI64Async(cancellationToken);
    }

    public override ValueTask<double> ReadDoubleAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return _buffer is not null && _buffer.TryTake(8, out var bytes)
            ? new ValueTask<double>(BitConverter.Int64BitsToDouble(BinaryPrimitives.ReadInt64BigEndian(bytes)))
            : base.ReadDoubleAsync(cancellationToken);
    }

    public override ValueTask<string> ReadStringAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (_buffer is null || !_buffer.TryTake(4, out var prefix))
        {
            return base.ReadStringAsync(cancellationToken);
        }

        // TBinaryProtocol reads a negative or zero length as the empty string.
        var size = BinaryPrimitives.ReadInt32BigEndian(prefix);
        if (size <= 0)
        {
            return new ValueTask<string>(string.Empty);
        }

        return _buffer.TryTake(size, out var body)
            ? new ValueTask<string>(Encoding.UTF8.GetString(body))
            : ReadStringBodyAsync(size, cancellationToken);
    }

    public override ValueTask<byte[]> ReadBinaryAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (_buffer is null || !_buffer.TryTake(4, out var prefix))
        {
            return base.ReadBinaryAsync(cancellationToken);
        }

        var size = BinaryPrimitives.ReadInt32BigEndian(prefix);
        Transport.CheckReadBytesAvailable(size);
        return _buffer.TryTake(size, out var body)
            ? new ValueTask<byte[]>(body.ToArray())
            : ReadBinaryBodyAsync(size, cancellationToken);
    }

    public override Task WriteFieldBeginAsync(TField field, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (_buffer is not null && _buffer.TryClaim(3, out var bytes))
        {
            bytes[0] = (byte)field.Type;
            BinaryPrimitives.WriteInt16BigEndian(bytes[1..], field.ID);
            return Task.CompletedTask;
        }

        return base.WriteFieldBeginAsync(field, cancellationToken);
    }

    public override Task WriteFieldStopAsync(CancellationToken cancellationToken) =>
        WriteByteAsync((sbyte)TType.Stop, cancellationToken);

    public override Task WriteListBeginAsync(TList list, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (_buffer is not null && _buffer.TryClaim(5, out var bytes))
        {
            bytes[0] = (byte)list.ElementType;
            BinaryPrimitives.WriteInt32BigEndian(bytes[1..], list.Count);
            return Task.CompletedTask;
        }

        return base.WriteListBeginAsync(list, cancellationToken);
    }

    public override Task WriteSetBeginAsync(TSet set, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (_buffer is not null && _buffer.TryClaim(5, out var bytes))
        {
            bytes[0] = (byte)set.ElementType;
            BinaryPrimitives.WriteInt32BigEndian(bytes[1..], set.Count);
            return Task.CompletedTask;
        }

        return base.WriteSetBeginAsync(set, cancellationToken);
    }

    public override Task WriteMapBeginAsync(TMap map, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (_buffer is not null && _buffer.TryClaim(6, out var bytes))
        {
            bytes[0] = (byte)map.KeyType;
            bytes[1] = (byte)map.ValueType;
            BinaryPrimitives.WriteInt32BigEndian(bytes[2..], map.Count);
            return Task.CompletedTask;
        }

        return base.WriteMapBeginAsync(map, cancellationToken);
    }

    public override Task WriteBoolAsync(bool b, CancellationToken cancellationToken) =>
        WriteByteAsync(b ? (sbyte)1 : (sbyte)0, cancellationToken);

    public override Task WriteByteAsync(sbyte b, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (_buffer is not null && _buffer.TryClaim(1, out var bytes))
        {
            bytes[0] = (byte)b;
            return Task.CompletedTask;
        }

        return base.WriteByteAsync(b, cancellationToken);
    }

    public override Task WriteI16Async(short i16, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (_buffer is not null && _buffer.TryClaim(2, out var bytes))
        {
            BinaryPrimitives.WriteInt16BigEndian(bytes, i16);
            return Task.CompletedTask;
        }

        return base.WriteI16Async(i16, cancellationToken);
    }

    public override Task WriteI32Async(int i32, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (_buffer is not null && _buffer.TryClaim(4, out var bytes))
        {
            BinaryPrimitives.WriteInt32BigEndian(bytes, i32);
            return Task.CompletedTask;
        }

        return base.WriteI32Async(i32, cancellationToken);
    }

    public override Task WriteI64Async(long i64, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (_buffer is not null && _buffer.TryClaim(8, out var bytes))
        {
            BinaryPrimitives.WriteInt64BigEndian(bytes, i64);
            return Task.CompletedTask;
        }

        return base.WriteI64Async(i64, cancellationToken);
    }

    public override Task WriteDoubleAsync(double d, CancellationToken cancellationToken) =>
        WriteI64Async(BitConverter.DoubleToInt64Bits(d), cancellationToken);

    public override Task WriteStringAsync(string s, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        // Encoded straight into the write buffer when it fits (UTF-8 takes at least a byte per UTF-16 unit, so a longer
        // string cannot); otherwise TBinaryProtocol's path (an encoded copy, then a buffered or direct write).
        if (_buffer is not null && s.Length + 4 <= _buffer.WriteSpace)
        {
            var size = Encoding.UTF8.GetByteCount(s);
            if (_buffer.TryClaim(4 + size, out var bytes))
            {
                BinaryPrimitives.WriteInt32BigEndian(bytes, size);
                Encoding.UTF8.GetBytes(s, bytes[4..]);
                return Task.CompletedTask;
            }
        }

        return base.WriteStringAsync(s, cancellationToken);
    }

    public override Task WriteBinaryAsync(byte[] bytes, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (_buffer is not null && bytes.Length <= _buffer.WriteSpace - 4 && _buffer.TryClaim(4 + bytes.Length, out var span))
        {
            BinaryPrimitives.WriteInt32BigEndian(span, bytes.Length);
            bytes.CopyTo(span[4..]);
            return Task.CompletedTask;
        }

        return base.WriteBinaryAsync(bytes, cancellationToken);
    }

    private async ValueTask<string> ReadStringBodyAsync(int size, CancellationToken cancellationToken)
    {
        Transport.CheckReadBytesAvailable(size);
        var body = new byte[size];
        await Trans.ReadAllAsync(body, 0, size, cancellationToken).ConfigureAwait(false);
        return Encoding.UTF8.GetString(body);
    }

    private async ValueTask<byte[]> ReadBinaryBodyAsync(int size, CancellationToken cancellationToken)
    {
        var body = new byte[size];
        await Trans.ReadAllAsync(body, 0, size, cancellationToken).ConfigureAwait(false);
        return body;
    }
}
