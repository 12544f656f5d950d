using System.Buffers.Binary;
using System.Text;

namespace Syncer.Wire.Thrift.Protocol;

/// <summary>
/// Reads TBinaryProtocol from one complete, contiguous message. Tolerant: it accepts both the strict
/// and the old (non-strict) message header, and <see cref="Skip(TType)"/> passes over fields it does not know.
/// </summary>
public ref struct TBinaryReader
{
    /// <summary>Nesting deeper than this is treated as hostile input rather than a real Doris message.</summary>
    public const int MaxDepth = 64;

    private readonly ReadOnlySpan<byte> _buffer;
    private int _position;

    public TBinaryReader(ReadOnlySpan<byte> buffer)
    {
        _buffer = buffer;
        _position = 0;
    }

    public readonly int Position => _position;

    public readonly int Remaining => _buffer.Length - _position;

    public TMessageHeader ReadMessageBegin()
    {
        var first = ReadI32();
        if (first < 0)
        {
            if ((first & 0xffff0000) != 0x80010000)
            {
                throw new ThriftProtocolException($"bad Thrift message version 0x{first:x8}");
            }

            var type = (TMessageType)(first & 0xff);
            var name = ReadString();
            return new TMessageHeader(name, type, ReadI32());
        }

        // Old non-strict header: the first i32 is the length of the name.
        var oldName = Encoding.UTF8.GetString(Take(first));
        var oldType = (TMessageType)ReadByte();
        return new TMessageHeader(oldName, oldType, ReadI32());
    }

    /// <summary>Reads a field header; returns false at the struct's STOP byte.</summary>
    public bool ReadFieldBegin(out TType type, out short id)
    {
        type = (TType)ReadByte();
        if (type == TType.Stop)
        {
            id = 0;
            return false;
        }

        id = ReadI16();
        return true;
    }

    public (TType ElementType, int Count) ReadListBegin()
    {
        var type = (TType)ReadByte();
        return (type, ReadCount());
    }

    public (TType ElementType, int Count) ReadSetBegin() => ReadListBegin();

    public (TType KeyType, TType ValueType, int Count) ReadMapBegin()
    {
        var keyType = (TType)ReadByte();
        var valueType = (TType)ReadByte();
        return (keyType, valueType, ReadCount());
    }

    public bool ReadBool() => ReadByte() != 0;

    public byte ReadByte() => Take(1)[0];

    public short ReadI16() => BinaryPrimitives.ReadInt16BigEndian(Take(2));

    public int ReadI32() => BinaryPrimitives.ReadInt32BigEndian(Take(4));

    public long ReadI64() => BinaryPrimitives.ReadInt64BigEndian(Take(8));

    public double ReadDouble() => BinaryPrimitives.ReadDoubleBigEndian(Take(8));

    public string ReadString() => Encoding.UTF8.GetString(ReadBinarySpan());

    public byte[] ReadBinary() => ReadBinarySpan().ToArray();

    public ReadOnlySpan<byte> ReadBinarySpan()
    {
        var length = ReadI32();
        if (length < 0)
        {
            throw new ThriftProtocolException($"negative string length {length}");
        }

        return Take(length);
    }

    /// <summary>Skips one value of the given type, including nested containers and structs.</summary>
    public void Skip(TType type) => Skip(type, 0);

    private void Skip(TType type, int depth)
    {
        if (depth > MaxDepth)
        {
            throw new ThriftProtocolException($"Thrift value nested deeper than {MaxDepth}");
        }

        switch (type)
        {
            case TType.Bool:
            case TType.Byte:
                Take(1);
                break;
            case TType.I16:
                Take(2);
                break;
            case TType.I32:
                Take(4);
                break;
            case TType.I64:
            case TType.Double:
                Take(8);
                break;
            case TType.String:
                ReadBinarySpan();
                break;
            case TType.Struct:
                while (ReadFieldBegin(out var fieldType, out _))
                {
                    Skip(fieldType, depth + 1);
                }

                break;
            case TType.List:
            case TType.Set:
                var (elementType, count) = ReadListBegin();
                for (var i = 0; i < count; i++)
                {
                    Skip(elementType, depth + 1);
                }

                break;
            case TType.Map:
                var (keyType, valueType, entries) = ReadMapBegin();
                for (var i = 0; i < entries; i++)
                {
                    Skip(keyType, depth + 1);
                    Skip(valueType, depth + 1);
                }

                break;
            default:
                throw new ThriftProtocolException($"unknown Thrift type id {(byte)type}");
        }
    }

    private int ReadCount()
    {
        var count = ReadI32();
        if (count < 0 || count > Remaining)
        {
            // Every element takes at least one byte, so a count beyond the remaining bytes is corrupt.
            throw new ThriftProtocolException($"bad container size {count}");
        }

        return count;
    }

    private ReadOnlySpan<byte> Take(int count)
    {
        if (count > _buffer.Length - _position)
        {
            throw new ThriftProtocolException($"message truncated: needed {count} bytes at offset {_position}, {_buffer.Length - _position} left");
        }

        var span = _buffer.Slice(_position, count);
        _position += count;
        return span;
    }
}
