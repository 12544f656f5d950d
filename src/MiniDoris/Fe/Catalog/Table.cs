using System.Text.Json.Serialization;

namespace MiniDoris.Fe.Catalog;

/// <summary>A named object in a database: an OLAP table or a view.</summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "kind")]
[JsonDerivedType(typeof(OlapTable), "olap")]
[JsonDerivedType(typeof(View), "view")]
public abstract class Table
{
    public long Id { get; set; }

    public string Name { get; set; } = string.Empty;

    public string Comment { get; set; } = string.Empty;

    public List<Column> Columns { get; set; } = [];

    /// <summary>Wall-clock ms of creation.</summary>
    public long CreateTime { get; set; }

    /// <summary>Wall-clock ms of the last change.</summary>
    public long UpdateTime { get; set; }

    [JsonIgnore]
    public abstract TableKind Kind { get; }

    public Column? FindColumn(string name) =>
        Columns.FirstOrDefault(c => string.Equals(c.Name, name, StringComparison.OrdinalIgnoreCase));
}
