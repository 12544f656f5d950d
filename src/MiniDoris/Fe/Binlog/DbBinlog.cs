namespace MiniDoris.Fe.Binlog;

/// <summary>The binlogs of one database: the db list, the per-table lists, and the dropped-object records.</summary>
public sealed class DbBinlog
{
    public DbBinlog(long dbId, long now)
    {
        DbId = dbId;
        All = new BinlogList(BinlogRecord.Dummy(dbId, -1, now));
    }

    public long DbId { get; }

    /// <summary>Every binlog of the database, headed by the db DUMMY (belong = -1).</summary>
    public BinlogList All { get; }

    public Dictionary<long, BinlogList> Tables { get; } = [];

    public List<DroppedObject> DroppedPartitions { get; } = [];

    public List<DroppedObject> DroppedTables { get; } = [];

    public List<DroppedObject> DroppedIndexes { get; } = [];

    public BinlogList GetOrCreateTableList(long tableId, long now)
    {
        if (!Tables.TryGetValue(tableId, out var list))
        {
            list = new BinlogList(BinlogRecord.Dummy(DbId, tableId, now));
            Tables[tableId] = list;
        }

        return list;
    }
}
