using System.Buffers;
using System.Text;

namespace MiniDoris.MySql.Protocol;

/// <summary>The ERR packet: error code, SQLSTATE and a human-readable message.</summary>
internal readonly record struct ErrPacket(ushort ErrorCode, string SqlState, string Message)
{
    private const string DefaultSqlState = "HY000";

    public static bool IsErr(ReadOnlySpan<byte> payload) => payload.Length > 0 && payload[0] == PacketHeaders.Err;

    /// <summary>Parses an ERR that arrived unasked (e.g. out of sequence); false, not an exception, when it is not a well-formed one.</summary>
    public static bool TryParse(ReadOnlySpan<byte> payload, out ErrPacket error)
    {
        // Header and error code are all Parse requires; SQLSTATE and message are optional.
        if (IsErr(payload) && payload.Length >= 3)
        {
            error = Parse(payload);
            return true;
        }

        error = default;
        return false;
    }

    public static ErrPacket Parse(ReadOnlySpan<byte> payload)
    {
        var reader = new PacketReader(payload);
        var header = reader.ReadByte();
        if (header != PacketHeaders.Err)
        {
            throw new MySqlProtocolException($"Expected an ERR packet, got header 0x{header:X2}.");
        }

        var code = reader.ReadUInt16();

        // The '#'-prefixed SQLSTATE is absent in errors sent before the capabilities are agreed (e.g. "Too many connections").
        var sqlState = DefaultSqlState;
        if (reader.Remaining >= 6 && reader.PeekByte() == (byte)'#')
        {
            reader.Skip(1);
            sqlState = Encoding.ASCII.GetString(reader.ReadBytes(5));
        }

        return new ErrPacket(code, sqlState, Encoding.UTF8.GetString(reader.ReadRemaining()));
    }

    public void Write(IBufferWriter<byte> writer)
    {
        writer.WriteByte(PacketHeaders.Err);
        writer.WriteUInt16(ErrorCode);
        writer.WriteByte((byte)'#');
        var state = SqlState.Length == 5 ? SqlState : DefaultSqlState;
        writer.WriteUtf8(state);
        writer.WriteUtf8(Message);
    }

    public MySqlException ToException() => new(ErrorCode, SqlState, Message);
}
