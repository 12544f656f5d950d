namespace MiniDoris.Fe.Binlog;

/// <summary>
/// TBinlogType as a Doris 2.1/3.0-era FE knows it (values 0..20, MIN_UNKNOWN = 21). Newer operations whose type
/// is beyond that range (RENAME_PARTITION = 22) are shipped wrapped in a BARRIER, as those FEs do.
/// </summary>
public enum BinlogType
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

    /// <summary>Newest-master value, only ever used as the inner type of a BARRIER here.</summary>
    RENAME_PARTITION = 22,
}
