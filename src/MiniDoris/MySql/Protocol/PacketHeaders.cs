namespace MiniDoris.MySql.Protocol;

/// <summary>Leading bytes that identify a packet's kind, and the protocol's size limits.</summary>
internal static class PacketHeaders
{
    public const byte Ok = 0x00;
    public const byte AuthMoreData = 0x01;
    public const byte LocalInfile = 0xFB;
    public const byte NullValue = 0xFB;
    public const byte Eof = 0xFE;
    public const byte AuthSwitch = 0xFE;
    public const byte Err = 0xFF;

    /// <summary>The largest payload one packet carries; a payload this long is continued in the next packet.</summary>
    public const int MaxPacketPayload = 0xFF_FFFF;

    /// <summary>An EOF packet is shorter than this; a longer 0xFE payload is a row whose first value is length-prefixed with 0xFE.</summary>
    public const int EofMaxLength = 9;
}
