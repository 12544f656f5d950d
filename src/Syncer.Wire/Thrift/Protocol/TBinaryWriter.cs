using System.Buffers;
using System.Buffers.Binary;
using System.Text;

namespace Syncer.Wire.Thrift.Protocol;

/// <summary>
/// Writes TBinaryProtocol (strict write) into an <see cref="IBufferWriter{T}"/>. Integers are big-endian;
/// struct and container headers are written by the caller in order.
/// </summary>
public readonly ref struct TBinaryWriter
{
    private const uint VersionStrict = 0x80010000;
    private readonly IBufferWriter<byte> _output;

    public TBinaryWriter(IBufferWriter<byte> output) => _output = output;

    public void WriteMessageBegin(in TMessageHeader header)
    {
        WriteI32(unchecked((int)(VersionStrict | (uint)header.Type)));
        WriteString(header.Name);
        WriteI32(header.SeqId);
    }

    public void WriteFieldBegin(TType type, short id)
    {
        var span = _output.GetSpan(3);
        span[0] = (byte)type;
        BinaryPrimitives.WriteInt16BigEndian(span[1..], id);
        _output.Advance(3);
    }

    public void WriteFieldStop() => WriteByte(0);

    public void WriteListBegin(TType elementType, int count)
    {
        var span = _output.GetSpan(5);
        span[0] = (byte)elementType;
        BinaryPrimitives.WriteInt32BigEndian(span[1..], count);
        _output.Advance(5);
    }

    public void WriteSetBegin(TType elementType, int count) => WriteListBegin(elementType, count);

    public void WriteMapBegin(TType keyType, TType valueType, int count)
    {
        var span = _output.GetSpan(6);
        span[0] = (byte)keyType;
        span[1] = (byte)valueType;
        BinaryPrimitives.WriteInt32BigEndian(span[2..], count);
        _output.Advance(6);
    }

    public void WriteBool(bool value) => WriteByte(value ? (byte)1 : (byte)0);

    public void WriteByte(byte value)
    {
        _output.GetSpan(1)[0] = value;
        _output.Advance(1);
    }

    public void WriteI16(short value)
    {
        BinaryPrimitives.WriteInt16BigEndian(_output.GetSpan(2), value);
        _output.Advance(2);
    }

    public void WriteI32(int value)
    {
        BinaryPrimitives.WriteInt32BigEndian(_output.GetSpan(4), value);
        _output.Advance(4);
    }

    public void WriteI64(long value)
    {
        BinaryPrimitives.WriteInt64BigEndian(_output.GetSpan(8), value);
        _output.Advance(8);
    }

    public void WriteDouble(double value)
    {
        BinaryPrimitives.WriteDoubleBigEndian(_output.GetSpan(8), value);
        _output.Advance(8);
    }

    public void WriteString(string value)
    {
        var length = Encoding.UTF8.GetByteCount(value);
        var span = _output.GetSpan(4 + length);
        BinaryPrimitives.WriteInt32BigEndian(span, length);
        Encoding.UTF8.GetBytes(value, span[4..]);
        _output.Advance(4 + length);
    }

    public void WriteBinary(ReadOnlySpan<byte> value)
    {
        WriteI32(value.Length);
        _output.Write(value);
    }
}
