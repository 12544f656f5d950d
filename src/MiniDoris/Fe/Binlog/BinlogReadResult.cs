namespace MiniDoris.Fe.Binlog;

/// <summary>The answer to a getBinlog read: a status and the binlogs (the DUMMY alone for TOO_OLD).</summary>
public sealed record BinlogReadResult(BinlogReadStatus Status, IReadOnlyList<BinlogRecord> Binlogs);
