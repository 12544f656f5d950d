namespace MiniDoris.Fe.Catalog;

/// <summary>An OLAP table: schema, keys model, partitioning, distribution, indexes and properties.</summary>
public sealed class OlapTable : Table
{
    public override TableKind Kind => TableKind.OLAP;

    public KeysType KeysType { get; set; } = KeysType.DUP_KEYS;

    public PartitionType PartitionType { get; set; } = PartitionType.UNPARTITIONED;

    /// <summary>Partition column names, in order (empty when unpartitioned).</summary>
    public List<string> PartitionColumns { get; set; } = [];

    public List<Partition> Partitions { get; set; } = [];

    public List<Partition> TempPartitions { get; set; } = [];

    /// <summary>The DISTRIBUTED BY clause new partitions get unless they give their own.</summary>
    public DistributionInfo DefaultDistribution { get; set; } = new();

    public long BaseIndexId { get; set; }

    public List<IndexMeta> Indexes { get; set; } = [];

    /// <summary>Secondary (inverted, bitmap, ngram) indexes, in creation order.</summary>
    public List<TableIndex> TableIndexes { get; set; } = [];

    public TableIndex? FindTableIndex(string name) =>
        TableIndexes.FirstOrDefault(i => string.Equals(i.Name, name, StringComparison.OrdinalIgnoreCase));

    public short ReplicationNum { get; set; } = 3;

    public BinlogConfig BinlogConfig { get; set; } = new();

    public bool IsBeingSynced { get; set; }

    /// <summary>NORMAL, or RESTORE while a restore job creates or fills the table (Doris's OlapTableState).</summary>
    public string State { get; set; } = "NORMAL";

    /// <summary>True while an atomic restore builds this table's replacement (property in_atomic_restore).</summary>
    public bool InAtomicRestore { get; set; }

    public bool LightSchemaChange { get; set; } = true;

    public bool EnableUniqueKeyMergeOnWrite { get; set; } = true;

    /// <summary>Properties minidoris does not interpret, kept verbatim in the order given.</summary>
    public List<KeyValuePair<string, string>> ExtraProperties { get; set; } = [];

    public int MaxColUniqueId { get; set; }

    public IndexMeta BaseIndex => Indexes.First(i => i.Id == BaseIndexId);

    public IEnumerable<Partition> AllPartitions() => Partitions.Concat(TempPartitions);

    public Partition? FindPartition(string name, bool temp) =>
        (temp ? TempPartitions : Partitions).FirstOrDefault(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase));

    public Partition? FindPartition(long id) => AllPartitions().FirstOrDefault(p => p.Id == id);

    public List<Column> KeyColumns() => Columns.Where(c => c.IsKey).ToList();

    public List<ColumnType> PartitionColumnTypes() =>
        PartitionColumns.Select(n => FindColumn(n)!.Type).ToList();
}
