namespace MiniDoris.Fe.Catalog;

/// <summary>How a table is partitioned.</summary>
public enum PartitionType
{
    UNPARTITIONED,
    RANGE,
    LIST,
}
