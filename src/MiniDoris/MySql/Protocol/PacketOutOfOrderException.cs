namespace MiniDoris.MySql.Protocol;

/// <summary>
/// A packet arrived with an unexpected sequence id. Kept distinct so the client can recognise a server that
/// announces its own shutdown or a KILL with an unsolicited packet.
/// </summary>
internal sealed class PacketOutOfOrderException : MySqlProtocolException
{
    public PacketOutOfOrderException(byte expected, byte actual, byte[] payload)
        : base($"Packet sequence id {actual} received where {expected} was expected.")
    {
        Expected = expected;
        Actual = actual;
        Payload = payload;
    }

    public byte Expected { get; }

    public byte Actual { get; }

    /// <summary>The stray packet's payload when it could be read, otherwise empty.</summary>
    public byte[] Payload { get; }
}
