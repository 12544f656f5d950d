using System.Buffers;
using System.Text;

namespace MiniDoris.MySql.Protocol;

/// <summary>The client's answer to the greeting: its capabilities, user, first auth response, database and plugin.</summary>
internal sealed record HandshakeResponse41Packet(
    CapabilityFlags Capabilities,
    uint MaxPacketSize,
    byte CharacterSet,
    string User,
    byte[] AuthResponse,
    string? Database,
    string? AuthPluginName)
{
    /// <summary>Capabilities, max packet size, charset and 23 filler bytes.</summary>
    private const int FixedPartLength = 32;

    /// <summary>An SSLRequest is only the fixed part: the client wants TLS before it sends its credentials.</summary>
    public static bool IsSslRequest(ReadOnlySpan<byte> payload) =>
        payload.Length == FixedPartLength
        && (((CapabilityFlags)BitConverter.ToUInt32(payload[..4])) & CapabilityFlags.Ssl) != 0;

    public static HandshakeResponse41Packet Parse(ReadOnlySpan<byte> payload)
    {
        var reader = new PacketReader(payload);
        var capabilities = (CapabilityFlags)reader.ReadUInt32();
        if ((capabilities & CapabilityFlags.Protocol41) == 0)
        {
            throw new MySqlProtocolException("The client does not support the 4.1 protocol.");
        }

        var maxPacketSize = reader.ReadUInt32();
        var charset = reader.ReadByte();
        reader.Skip(23);
        var user = reader.ReadNullTerminatedString();

        byte[] authResponse;
        if ((capabilities & CapabilityFlags.PluginAuthLengthEncodedClientData) != 0)
        {
            authResponse = reader.ReadLengthEncodedBytes().ToArray();
        }
        else if ((capabilities & CapabilityFlags.SecureConnection) != 0)
        {
            authResponse = reader.ReadBytes(reader.ReadByte()).ToArray();
        }
        else
        {
            authResponse = reader.ReadNullTerminatedBytes().ToArray();
        }

        string? database = null;
        if ((capabilities & CapabilityFlags.ConnectWithDb) != 0 && !reader.IsAtEnd)
        {
            database = Encoding.UTF8.GetString(reader.ReadNullTerminatedOrRemainingBytes());
        }

        string? plugin = null;
        if ((capabilities & CapabilityFlags.PluginAuth) != 0 && !reader.IsAtEnd)
        {
            plugin = Encoding.ASCII.GetString(reader.ReadNullTerminatedOrRemainingBytes());
        }

        // Connection attributes (CLIENT_CONNECT_ATTRS) may follow; nothing here needs them.
        return new HandshakeResponse41Packet(capabilities, maxPacketSize, charset, user, authResponse, database, plugin);
    }

    public void Write(IBufferWriter<byte> writer)
    {
        writer.WriteUInt32((uint)Capabilities);
        writer.WriteUInt32(MaxPacketSize);
        writer.WriteByte(CharacterSet);
        writer.WriteZeros(23);
        writer.WriteNullTerminatedString(User);
        if ((Capabilities & CapabilityFlags.PluginAuthLengthEncodedClientData) != 0)
        {
            writer.WriteLengthEncodedBytes(AuthResponse);
        }
        else
        {
            if (AuthResponse.Length > byte.MaxValue)
            {
                throw new InvalidOperationException("The auth response is too long for a 1-byte length prefix.");
            }

            writer.WriteByte((byte)AuthResponse.Length);
            writer.WriteBytes(AuthResponse);
        }

        if ((Capabilities & CapabilityFlags.ConnectWithDb) != 0)
        {
            writer.WriteNullTerminatedString(Database ?? string.Empty);
        }

        if ((Capabilities & CapabilityFlags.PluginAuth) != 0)
        {
            writer.WriteNullTerminatedString(AuthPluginName ?? string.Empty);
        }
    }
}
