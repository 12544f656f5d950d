namespace Syncer.Doris.Thrift;

/// <summary>
/// Doris binlog types (FrontendService.thrift). Newer FEs send values past the last named one; they decode
/// as plain integers and must be treated as unknown binlogs.
/// </summary>
public enum TBinlogType
{
    UPSERT = 0,
    ADD_PARTITION = 1,
    CREATE_TABLE = 2,
    DROP_PARTITION = 3,
    DROP_TABLE = 4,
    ALTER_JOB = 5,
    MODIFY_TABLE_ADD_OR_DROP_COLUMNS = 6,
    DUMMY = 7,
    ALTER_DATABASE_PROPERTY = 8,
    MODIFY_TABLE_PROPERTY = 9,
    BARRIER = 10,
    MODIFY_PARTITIONS = 11,
    REPLACE_PARTITIONS = 12,
    TRUNCATE_TABLE = 13,
    RENAME_TABLE = 14,
    RENAME_COLUMN = 15,
    MODIFY_COMMENT = 16,
    MODIFY_VIEW_DEF = 17,
    REPLACE_TABLE = 18,
    MODIFY_TABLE_ADD_OR_DROP_INVERTED_INDICES = 19,
    INDEX_CHANGE_JOB = 20,
    RENAME_ROLLUP = 21,
    RENAME_PARTITION = 22,
    DROP_ROLLUP = 23,
    RECOVER_INFO = 24,
    MODIFY_DISTRIBUTION_BUCKET_NUM = 25,
    MODIFY_DISTRIBUTION_TYPE = 26,
}
