namespace MiniDoris.Fe.Catalog;

/// <summary>What a partition key position holds.</summary>
public enum PartitionValueKind
{
    /// <summary>The type's minimum (Doris's infinity lower bound).</summary>
    Min,

    /// <summary>A concrete value.</summary>
    Value,

    /// <summary>MAXVALUE.</summary>
    Max,

    /// <summary>NULL (list partitions only).</summary>
    Null,
}
