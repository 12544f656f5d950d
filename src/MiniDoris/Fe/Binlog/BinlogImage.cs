namespace MiniDoris.Fe.Binlog;

/// <summary>The persisted part of the binlog lists that is not a binlog row: dummies, table lists, dropped ids.</summary>
public sealed class BinlogImage
{
    public List<DbBinlogImage> Dbs { get; set; } = [];
}

/// <summary>One database's dummies and dropped-object records.</summary>
public sealed class DbBinlogImage
{
    public long DbId { get; set; }

    public long DummySeq { get; set; }

    public long DummyTimestamp { get; set; }

    /// <summary>Table id → (dummy seq, dummy timestamp) for every table list.</summary>
    public Dictionary<long, long[]> TableDummies { get; set; } = [];

    public List<DroppedObject> DroppedPartitions { get; set; } = [];

    public List<DroppedObject> DroppedTables { get; set; } = [];

    public List<DroppedObject> DroppedIndexes { get; set; } = [];
}
