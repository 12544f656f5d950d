namespace MiniDoris.Storage;

/// <summary>A binlog row as stored: table ids and table-list membership as JSON arrays.</summary>
public sealed record StoredBinlog(long CommitSeq, long DbId, int Type, long Timestamp, string TableIds, string? Data, string TableLists);
