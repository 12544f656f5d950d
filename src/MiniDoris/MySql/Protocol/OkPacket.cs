using System.Buffers;
using System.Text;

namespace MiniDoris.MySql.Protocol;

/// <summary>The OK packet: a command succeeded (or, with CLIENT_DEPRECATE_EOF and header 0xFE, a result set ended).</summary>
internal readonly record struct OkPacket(
    ulong AffectedRows,
    ulong LastInsertId,
    MySqlServerStatus Status,
    ushort Warnings,
    string? Info)
{
    /// <summary>An OK packet is at least header + two 1-byte integers + status + warnings.</summary>
    private const int MinLength = 7;

    public static bool IsOk(ReadOnlySpan<byte> payload) =>
        payload.Length >= MinLength && payload[0] == PacketHeaders.Ok;

    /// <summary>
    /// With CLIENT_DEPRECATE_EOF a result set ends with an OK packet whose header is 0xFE. A row can also start with
    /// 0xFE (an 8-byte length prefix), but then the payload is at least 0xFFFFFF bytes long.
    /// </summary>
    public static bool IsResultSetTerminator(ReadOnlySpan<byte> payload) =>
        payload.Length is > 0 and < PacketHeaders.MaxPacketPayload && payload[0] == PacketHeaders.Eof;

    public static OkPacket Parse(ReadOnlySpan<byte> payload, CapabilityFlags capabilities)
    {
        var reader = new PacketReader(payload);
        var header = reader.ReadByte();
        if (header is not (PacketHeaders.Ok or PacketHeaders.Eof))
        {
            throw new MySqlProtocolException($"Expected an OK packet, got header 0x{header:X2}.");
        }

        var affectedRows = reader.ReadLengthEncodedInteger();
        var lastInsertId = reader.ReadLengthEncodedInteger();
        var status = (MySqlServerStatus)reader.ReadUInt16();
        var warnings = reader.ReadUInt16();
        string? info = null;
        if (!reader.IsAtEnd)
        {
            // MySQL, MariaDB and Doris servers length-prefix the message (and client libraries read it so), although
            // the protocol documentation describes it as running to the end of the packet without session tracking;
            // accept that older form when the bytes cannot be a length-prefixed string.
            info = (capabilities & CapabilityFlags.SessionTrack) != 0 || IsLengthPrefixed(payload[reader.Position..])
                ? reader.ReadLengthEncodedString()
                : Encoding.UTF8.GetString(reader.ReadRemaining());
        }

        return new OkPacket(affectedRows, lastInsertId, status, warnings, string.IsNullOrEmpty(info) ? null : info);
    }

    public void Write(IBufferWriter<byte> writer) => Write(writer, PacketHeaders.Ok);

    /// <summary>Writes the OK packet that replaces EOF at the end of a result set under CLIENT_DEPRECATE_EOF.</summary>
    public void WriteAsResultSetEnd(IBufferWriter<byte> writer) => Write(writer, PacketHeaders.Eof);

    private void Write(IBufferWriter<byte> writer, byte header)
    {
        writer.WriteByte(header);
        writer.WriteLengthEncodedInteger(AffectedRows);
        writer.WriteLengthEncodedInteger(LastInsertId);
        writer.WriteUInt16((ushort)Status);
        writer.WriteUInt16(Warnings);
        if (!string.IsNullOrEmpty(Info))
        {
            writer.WriteLengthEncodedString(Info);
        }
    }

    private static bool IsLengthPrefixed(ReadOnlySpan<byte> rest)
    {
        // The length-encoded integer's own size, from its first byte; 0xFB (NULL) and 0xFF are not lengths.
        var prefix = rest[0] switch
        {
            < 0xFB => 1,
            0xFC => 3,
            0xFD => 4,
            0xFE => 9,
            _ => 0,
        };
        if (prefix == 0 || rest.Length < prefix)
        {
            return false;
        }

        var reader = new PacketReader(rest);
        return reader.ReadLengthEncodedInteger() == (ulong)reader.Remaining;
    }
}
