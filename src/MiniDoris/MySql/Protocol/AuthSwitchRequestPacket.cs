using System.Buffers;

namespace MiniDoris.MySql.Protocol;

/// <summary>The server asks the client to authenticate again with another plugin and fresh plugin data.</summary>
internal sealed record AuthSwitchRequestPacket(string PluginName, byte[] PluginData)
{
    public static bool IsAuthSwitchRequest(ReadOnlySpan<byte> payload) =>
        payload.Length > 0 && payload[0] == PacketHeaders.AuthSwitch;

    public static AuthSwitchRequestPacket Parse(ReadOnlySpan<byte> payload)
    {
        var reader = new PacketReader(payload);
        reader.ReadByte();
        if (reader.IsAtEnd)
        {
            // A bare 0xFE is the pre-4.1 "old password" switch, which no supported server should send.
            throw new MySqlException(MySqlErrorCode.AuthPluginUnsupported, "HY000",
                "The server asked for the insecure pre-4.1 password authentication, which is not supported.");
        }

        var name = reader.ReadNullTerminatedOrRemainingBytes();
        var data = reader.ReadRemaining();
        return new AuthSwitchRequestPacket(System.Text.Encoding.ASCII.GetString(name), AuthNonce.Trim(data));
    }

    public void Write(IBufferWriter<byte> writer)
    {
        writer.WriteByte(PacketHeaders.AuthSwitch);
        writer.WriteNullTerminatedString(PluginName);
        writer.WriteBytes(PluginData);

        // MySQL terminates the scramble with a NUL; clients that read it as a C string expect that.
        writer.WriteByte(0);
    }
}
