namespace MiniDoris.Fe.Catalog;

/// <summary>Table-level description of an index (the base index carries the table's own name).</summary>
public sealed class IndexMeta
{
    public long Id { get; set; }

    public string Name { get; set; } = string.Empty;

    public int SchemaVersion { get; set; }

    public int SchemaHash { get; set; }

    public bool IsShadow { get; set; }
}
