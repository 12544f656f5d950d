using System.Buffers;
using System.Text;

namespace MiniDoris.MySql.Protocol;

/// <summary>The server's greeting: version, connection id, capabilities, the auth nonce and the default auth plugin.</summary>
internal sealed record HandshakeV10Packet(
    string ServerVersion,
    uint ConnectionId,
    byte[] AuthPluginData,
    CapabilityFlags Capabilities,
    byte CharacterSet,
    MySqlServerStatus Status,
    string AuthPluginName)
{
    private const byte ProtocolVersion = 10;

    public static HandshakeV10Packet Parse(ReadOnlySpan<byte> payload)
    {
        var reader = new PacketReader(payload);
        var protocolVersion = reader.ReadByte();
        if (protocolVersion != ProtocolVersion)
        {
            throw new MySqlProtocolException($"Unsupported handshake protocol version {protocolVersion}; expected 10.");
        }

        var serverVersion = reader.ReadNullTerminatedString();
        var connectionId = reader.ReadUInt32();
        var part1 = reader.ReadBytes(8);
        reader.Skip(1);
        var capabilities = (CapabilityFlags)reader.ReadUInt16();
        byte charset = 0;
        var status = MySqlServerStatus.None;
        var authDataLength = 0;
        if (!reader.IsAtEnd)
        {
            charset = reader.ReadByte();
            status = (MySqlServerStatus)reader.ReadUInt16();
            capabilities |= (CapabilityFlags)((uint)reader.ReadUInt16() << 16);
            authDataLength = reader.ReadByte();

            // Ten reserved bytes; MariaDB keeps its extended capabilities in the last four, which we do not use.
            reader.Skip(10);
        }

        var nonce = new List<byte>(part1.ToArray());
        if ((capabilities & CapabilityFlags.SecureConnection) != 0 && !reader.IsAtEnd)
        {
            // Part 2 is max(13, length - 8) bytes, normally 12 bytes of nonce and a NUL.
            var part2Length = Math.Max(13, authDataLength - 8);
            nonce.AddRange(reader.ReadBytes(Math.Min(part2Length, reader.Remaining)));
        }

        var pluginName = AuthPluginNames.NativePassword;
        if ((capabilities & CapabilityFlags.PluginAuth) != 0 && !reader.IsAtEnd)
        {
            pluginName = Encoding.ASCII.GetString(reader.ReadNullTerminatedOrRemainingBytes());
        }

        return new HandshakeV10Packet(
            serverVersion, connectionId, AuthNonce.Trim([.. nonce]), capabilities, charset, status, pluginName);
    }

    public void Write(IBufferWriter<byte> writer)
    {
        if (AuthPluginData.Length < 8)
        {
            throw new InvalidOperationException("The auth plugin data must be at least 8 bytes.");
        }

        writer.WriteByte(ProtocolVersion);
        writer.WriteNullTerminatedString(ServerVersion);
        writer.WriteUInt32(ConnectionId);
        writer.WriteBytes(AuthPluginData.AsSpan(0, 8));
        writer.WriteByte(0);
        writer.WriteUInt16((ushort)Capabilities);
        writer.WriteByte(CharacterSet);
        writer.WriteUInt16((ushort)Status);
        writer.WriteUInt16((ushort)((uint)Capabilities >> 16));
        writer.WriteByte((byte)(AuthPluginData.Length + 1));
        writer.WriteZeros(10);
        writer.WriteBytes(AuthPluginData.AsSpan(8));
        writer.WriteByte(0);
        writer.WriteNullTerminatedString(AuthPluginName);
    }
}
