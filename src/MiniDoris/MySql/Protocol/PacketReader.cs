using System.Buffers.Binary;
using System.Text;

namespace MiniDoris.MySql.Protocol;

/// <summary>
/// Reads the primitive encodings of the MySQL protocol from one packet payload.
/// Every read checks bounds and throws <see cref="MySqlProtocolException"/>, so a truncated packet never reads garbage.
/// </summary>
internal ref struct PacketReader
{
    private readonly ReadOnlySpan<byte> _payload;
    private int _offset;

    public PacketReader(ReadOnlySpan<byte> payload)
    {
        _payload = payload;
        _offset = 0;
    }

    public readonly int Position => _offset;

    public readonly int Remaining => _payload.Length - _offset;

    public readonly bool IsAtEnd => _offset >= _payload.Length;

    public readonly byte PeekByte()
    {
        Require(1);
        return _payload[_offset];
    }

    public byte ReadByte()
    {
        Require(1);
        return _payload[_offset++];
    }

    public ushort ReadUInt16()
    {
        var value = BinaryPrimitives.ReadUInt16LittleEndian(ReadBytes(2));
        return value;
    }

    public uint ReadUInt24()
    {
        var bytes = ReadBytes(3);
        return (uint)(bytes[0] | (bytes[1] << 8) | (bytes[2] << 16));
    }

    public uint ReadUInt32() => BinaryPrimitives.ReadUInt32LittleEndian(ReadBytes(4));

    public ulong ReadUInt64() => BinaryPrimitives.ReadUInt64LittleEndian(ReadBytes(8));

    public void Skip(int count) => ReadBytes(count);

    public ReadOnlySpan<byte> ReadBytes(int count)
    {
        if (count < 0)
        {
            throw new MySqlProtocolException($"Negative field length {count} in packet.");
        }

        Require(count);
        var span = _payload.Slice(_offset, count);
        _offset += count;
        return span;
    }

    public ReadOnlySpan<byte> ReadRemaining()
    {
        var span = _payload[_offset..];
        _offset = _payload.Length;
        return span;
    }

    /// <summary>Reads a length-encoded integer (1, 3, 4 or 9 bytes). 0xFB (NULL) and 0xFF (ERR marker) are not integers.</summary>
    public ulong ReadLengthEncodedInteger()
    {
        var first = ReadByte();
        return first switch
        {
            < 0xFB => first,
            0xFC => ReadUInt16(),
            0xFD => ReadUInt24(),
            0xFE => ReadUInt64(),
            _ => throw new MySqlProtocolException($"Byte 0x{first:X2} cannot start a length-encoded integer."),
        };
    }

    /// <summary>Reads a length-encoded integer, or returns null for the 0xFB NULL marker used in text rows.</summary>
    public ulong? ReadLengthEncodedIntegerOrNull()
    {
        if (PeekByte() == PacketHeaders.NullValue)
        {
            _offset++;
            return null;
        }

        return ReadLengthEncodedInteger();
    }

    public ReadOnlySpan<byte> ReadLengthEncodedBytes() => ReadBytes(CheckedLength(ReadLengthEncodedInteger()));

    public string ReadLengthEncodedString() => Encoding.UTF8.GetString(ReadLengthEncodedBytes());

    public ReadOnlySpan<byte> ReadNullTerminatedBytes()
    {
        var rest = _payload[_offset..];
        var end = rest.IndexOf((byte)0);
        if (end < 0)
        {
            throw new MySqlProtocolException("Missing NUL terminator in packet.");
        }

        _offset += end + 1;
        return rest[..end];
    }

    public string ReadNullTerminatedString() => Encoding.UTF8.GetString(ReadNullTerminatedBytes());

    /// <summary>
    /// Reads up to a NUL or to the end of the payload: some servers (MySQL 5.5.7) omit the terminator of the last field.
    /// </summary>
    public ReadOnlySpan<byte> ReadNullTerminatedOrRemainingBytes()
    {
        var rest = _payload[_offset..];
        var end = rest.IndexOf((byte)0);
        if (end < 0)
        {
            _offset = _payload.Length;
            return rest;
        }

        _offset += end + 1;
        return rest[..end];
    }

    private static int CheckedLength(ulong length) =>
        length <= int.MaxValue ? (int)length : throw new MySqlProtocolException($"Field length {length} is too large.");

    private readonly void Require(int count)
    {
        if (_payload.Length - _offset < count)
        {
            throw new MySqlProtocolException(
                $"Packet too short: needed {count} more byte(s) at offset {_offset} of a {_payload.Length}-byte payload.");
        }
    }
}
