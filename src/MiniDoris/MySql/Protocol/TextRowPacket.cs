using System.Buffers;

namespace MiniDoris.MySql.Protocol;

/// <summary>A row of a text-protocol result set: one length-encoded string per column, 0xFB for NULL.</summary>
internal static class TextRowPacket
{
    /// <summary>
    /// Locates every value in the payload without copying: <paramref name="offsets"/>[i] is the start of value i, or -1
    /// for NULL; <paramref name="lengths"/>[i] its byte length.
    /// </summary>
    public static void Parse(ReadOnlySpan<byte> payload, Span<int> offsets, Span<int> lengths)
    {
        var reader = new PacketReader(payload);
        for (var i = 0; i < offsets.Length; i++)
        {
            var length = reader.ReadLengthEncodedIntegerOrNull();
            if (length is null)
            {
                offsets[i] = -1;
                lengths[i] = 0;
                continue;
            }

            if (length.Value > int.MaxValue)
            {
                throw new MySqlProtocolException($"Row value of {length.Value} bytes is too large.");
            }

            offsets[i] = reader.Position;
            lengths[i] = (int)length.Value;
            reader.Skip((int)length.Value);
        }

        if (!reader.IsAtEnd)
        {
            throw new MySqlProtocolException($"Row has {reader.Remaining} trailing byte(s) after {offsets.Length} values.");
        }
    }

    public static void Write(IBufferWriter<byte> writer, IReadOnlyList<string?> values)
    {
        for (var i = 0; i < values.Count; i++)
        {
            if (values[i] is { } value)
            {
                writer.WriteLengthEncodedString(value);
            }
            else
            {
                writer.WriteByte(PacketHeaders.NullValue);
            }
        }
    }
}
