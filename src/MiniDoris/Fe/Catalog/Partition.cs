namespace MiniDoris.Fe.Catalog;

/// <summary>A partition of an OLAP table: its range or list item, versions, distribution and indexes.</summary>
public sealed class Partition
{
    public long Id { get; set; }

    public string Name { get; set; } = string.Empty;

    /// <summary>The values covered; null for the single partition of an unpartitioned table.</summary>
    public PartitionItem? Item { get; set; }

    /// <summary>The version readers see; 1 for a new, empty partition (as in Doris).</summary>
    public long VisibleVersion { get; set; } = 1;

    /// <summary>Wall-clock ms when <see cref="VisibleVersion"/> was set.</summary>
    public long VisibleVersionTime { get; set; }

    /// <summary>The version the next committed transaction will get.</summary>
    public long NextVersion { get; set; } = 2;

    public DistributionInfo Distribution { get; set; } = new();

    public List<MaterializedIndex> Indexes { get; set; } = [];

    public bool IsTemp { get; set; }

    public short ReplicationNum { get; set; } = 1;

    public bool IsInMemory { get; set; }

    public bool IsMutable { get; set; } = true;

    /// <summary>The range string as Doris prints it; empty for an unpartitioned table.</summary>
    public string RangeString => Item?.ToRangeString() ?? string.Empty;

    public MaterializedIndex? GetIndex(long indexId) => Indexes.FirstOrDefault(i => i.Id == indexId);

    public IEnumerable<Tablet> AllTablets() => Indexes.SelectMany(i => i.Tablets);
}
