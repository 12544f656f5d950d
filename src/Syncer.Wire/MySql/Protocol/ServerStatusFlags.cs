namespace Syncer.Wire.MySql.Protocol;

/// <summary>Status bits carried by OK and EOF packets (MySQL's SERVER_* constants).</summary>
[Flags]
internal enum ServerStatusFlags : ushort
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
