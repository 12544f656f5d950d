using System.Buffers;

namespace Syncer.Wire.MySql.Protocol;

/// <summary>Extra authentication exchange (0x01 + plugin-specific bytes), e.g. caching_sha2_password's 0x03/0x04 or its RSA key.</summary>
internal sealed record AuthMoreDataPacket(byte[] Data)
{
    public static bool IsAuthMoreData(ReadOnlySpan<byte> payload) =>
        payload.Length > 0 && payload[0] == PacketHeaders.AuthMoreData;

    public static AuthMoreDataPacket Parse(ReadOnlySpan<byte> payload) => new(payload[1..].ToArray());

    public void Write(IBufferWriter<byte> writer)
    {
        writer.WriteByte(PacketHeaders.AuthMoreData);
        writer.WriteBytes(Data);
    }
}
