namespace MiniDoris.Fe.Catalog;

/// <summary>Table-level description of an index (the base index carries the table's own name).</summary>
public sealed class IndexMeta
{
    public long Id { get; set; }

    public string Name { get; set; } = string.Empty;

    public int SchemaVersion { get; set; }

    public int SchemaHash { get; set; }

    public bool IsShadow { get; set; }

    /// <summary>A rollup's columns, in its order; empty for the base index (and its shadow), which has all of them.</summary>
    public List<string> Columns { get; set; } = [];
}
