namespace MiniDoris.Fe.Catalog;

/// <summary>
/// Doris's CatalogRecycleBin: databases, tables and partitions dropped without FORCE stay here, data and all, until
/// RECOVER brings them back or they expire (catalog_trash_expire_second, one day by default) and are erased.
/// </summary>
public sealed class RecycleBin
{
    /// <summary>Doris's catalog_trash_expire_second default.</summary>
    public const long ExpireMs = 86_400_000;

    public List<RecycledDatabase> Databases { get; set; } = [];

    public List<RecycledTable> Tables { get; set; } = [];

    public List<RecycledPartition> Partitions { get; set; } = [];
}

/// <summary>A dropped database with its tables.</summary>
public sealed class RecycledDatabase
{
    public Database Db { get; set; } = new();

    public long RecycleTime { get; set; }
}

/// <summary>A dropped table or view of a database that still exists.</summary>
public sealed class RecycledTable
{
    public long DbId { get; set; }

    public Table Table { get; set; } = new View();

    public long RecycleTime { get; set; }
}

/// <summary>A dropped (formal) partition of a table.</summary>
public sealed class RecycledPartition
{
    public long DbId { get; set; }

    public long TableId { get; set; }

    public Partition Partition { get; set; } = new();

    public long RecycleTime { get; set; }
}
