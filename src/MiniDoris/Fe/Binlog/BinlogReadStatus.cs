namespace MiniDoris.Fe.Binlog;

/// <summary>The TStatusCode outcomes of reading binlogs (values as in Doris's Status.thrift).</summary>
public enum BinlogReadStatus
{
    OK = 0,
    BINLOG_TOO_OLD_COMMIT_SEQ = 61,
    BINLOG_TOO_NEW_COMMIT_SEQ = 62,
    BINLOG_NOT_FOUND_DB = 63,
    BINLOG_NOT_FOUND_TABLE = 64,
}
