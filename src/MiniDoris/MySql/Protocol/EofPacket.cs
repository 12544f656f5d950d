using System.Buffers;

namespace MiniDoris.MySql.Protocol;

/// <summary>The EOF packet that ends column definitions and rows when CLIENT_DEPRECATE_EOF is not agreed.</summary>
internal readonly record struct EofPacket(ushort Warnings, MySqlServerStatus Status)
{
    public static bool IsEof(ReadOnlySpan<byte> payload) =>
        payload.Length is > 0 and < PacketHeaders.EofMaxLength && payload[0] == PacketHeaders.Eof;

    public static EofPacket Parse(ReadOnlySpan<byte> payload)
    {
        var reader = new PacketReader(payload);
        if (reader.ReadByte() != PacketHeaders.Eof)
        {
            throw new MySqlProtocolException("Expected an EOF packet.");
        }

        // Pre-4.1 servers sent a bare 0xFE; treat missing fields as zero.
        if (reader.Remaining < 4)
        {
            return new EofPacket(0, MySqlServerStatus.None);
        }

        var warnings = reader.ReadUInt16();
        var status = (MySqlServerStatus)reader.ReadUInt16();
        return new EofPacket(warnings, status);
    }

    public void Write(IBufferWriter<byte> writer)
    {
        writer.WriteByte(PacketHeaders.Eof);
        writer.WriteUInt16(Warnings);
        writer.WriteUInt16((ushort)Status);
    }
}
