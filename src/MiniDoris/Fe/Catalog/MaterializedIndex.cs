namespace MiniDoris.Fe.Catalog;

/// <summary>The tablets of one index (base or shadow) inside one partition.</summary>
public sealed class MaterializedIndex
{
    public long Id { get; set; }

    /// <summary>NORMAL, or SHADOW while a schema change builds it.</summary>
    public string State { get; set; } = "NORMAL";

    /// <summary>Tablets in bucket order; bucket i is <c>Tablets[i]</c>.</summary>
    public List<Tablet> Tablets { get; set; } = [];
}
