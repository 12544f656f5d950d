using System.Buffers;
using System.Buffers.Binary;
using System.Text;

namespace MiniDoris.MySql.Protocol;

/// <summary>Writes the primitive encodings of the MySQL protocol into a payload being built.</summary>
internal static class BufferWriterExtensions
{
    public static void WriteByte(this IBufferWriter<byte> writer, byte value)
    {
        writer.GetSpan(1)[0] = value;
        writer.Advance(1);
    }

    public static void WriteUInt16(this IBufferWriter<byte> writer, ushort value)
    {
        BinaryPrimitives.WriteUInt16LittleEndian(writer.GetSpan(2), value);
        writer.Advance(2);
    }

    public static void WriteUInt24(this IBufferWriter<byte> writer, uint value)
    {
        var span = writer.GetSpan(3);
        span[0] = (byte)value;
        span[1] = (byte)(value >> 8);
        span[2] = (byte)(value >> 16);
        writer.Advance(3);
    }

    public static void WriteUInt32(this IBufferWriter<byte> writer, uint value)
    {
        BinaryPrimitives.WriteUInt32LittleEndian(writer.GetSpan(4), value);
        writer.Advance(4);
    }

    public static void WriteUInt64(this IBufferWriter<byte> writer, ulong value)
    {
        BinaryPrimitives.WriteUInt64LittleEndian(writer.GetSpan(8), value);
        writer.Advance(8);
    }

    public static void WriteZeros(this IBufferWriter<byte> writer, int count)
    {
        writer.GetSpan(count)[..count].Clear();
        writer.Advance(count);
    }

    public static void WriteBytes(this IBufferWriter<byte> writer, ReadOnlySpan<byte> value) => writer.Write(value);

    /// <summary>Writes the shortest length-encoded form: 1 byte below 251, then 0xFC+2, 0xFD+3, 0xFE+8.</summary>
    public static void WriteLengthEncodedInteger(this IBufferWriter<byte> writer, ulong value)
    {
        if (value < 0xFB)
        {
            writer.WriteByte((byte)value);
        }
        else if (value <= 0xFFFF)
        {
            writer.WriteByte(0xFC);
            writer.WriteUInt16((ushort)value);
        }
        else if (value <= 0xFF_FFFF)
        {
            writer.WriteByte(0xFD);
            writer.WriteUInt24((uint)value);
        }
        else
        {
            writer.WriteByte(0xFE);
            writer.WriteUInt64(value);
        }
    }

    public static void WriteLengthEncodedBytes(this IBufferWriter<byte> writer, ReadOnlySpan<byte> value)
    {
        writer.WriteLengthEncodedInteger((ulong)value.Length);
        writer.Write(value);
    }

    public static void WriteLengthEncodedString(this IBufferWriter<byte> writer, string value)
    {
        writer.WriteLengthEncodedInteger((ulong)Encoding.UTF8.GetByteCount(value));
        writer.WriteUtf8(value);
    }

    public static void WriteNullTerminatedString(this IBufferWriter<byte> writer, string value)
    {
        writer.WriteUtf8(value);
        writer.WriteByte(0);
    }

    /// <summary>Writes the UTF-8 bytes of <paramref name="value"/> without any length or terminator.</summary>
    public static void WriteUtf8(this IBufferWriter<byte> writer, string value)
    {
        var length = Encoding.UTF8.GetByteCount(value);
        if (length == 0)
        {
            return;
        }

        // Huge strings (a 20 MiB INSERT) are encoded straight into the writer rather than through a temporary array.
        var written = Encoding.UTF8.GetBytes(value, writer.GetSpan(length));
        writer.Advance(written);
    }
}
