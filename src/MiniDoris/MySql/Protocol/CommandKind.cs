namespace MiniDoris.MySql.Protocol;

/// <summary>The first byte of a command packet (MySQL's COM_* constants); only the ones we use or answer.</summary>
internal enum CommandKind : byte
{
    Quit = 0x01,
    InitDb = 0x02,
    Query = 0x03,
    FieldList = 0x04,
    Ping = 0x0E,
    ResetConnection = 0x1F,
}
