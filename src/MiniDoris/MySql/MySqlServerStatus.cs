namespace MiniDoris.MySql;

/// <summary>Session status bits the server reports with every OK and EOF packet (MySQL's SERVER_STATUS_* constants).</summary>
[Flags]
public enum MySqlServerStatus : ushort
{
    None = 0,
    InTransaction = 1 << 0,
    AutoCommit = 1 << 1,
    MoreResultsExist = 1 << 3,
    NoGoodIndexUsed = 1 << 4,
    NoIndexUsed = 1 << 5,
    CursorExists = 1 << 6,
    LastRowSent = 1 << 7,
    DatabaseDropped = 1 << 8,
    NoBackslashEscapes = 1 << 9,
    MetadataChanged = 1 << 10,
    QueryWasSlow = 1 << 11,
    PsOutParams = 1 << 12,
    InTransactionReadOnly = 1 << 13,
    SessionStateChanged = 1 << 14,
}
