using System.Text.Json.Serialization;

namespace MiniDoris.Fe.Catalog;

/// <summary>The values a partition covers: a range or a list of keys.</summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "kind")]
[JsonDerivedType(typeof(RangePartitionItem), "range")]
[JsonDerivedType(typeof(ListPartitionItem), "list")]
public abstract class PartitionItem
{
    /// <summary>The range string Doris uses as a partition's identity across clusters.</summary>
    public abstract string ToRangeString();

    /// <summary>The <c>VALUES ...</c> clause as SHOW CREATE TABLE prints it.</summary>
    public abstract string ToCreateSql();

    /// <summary>The <c>VALUES ...</c> part of an ADD PARTITION binlog's sql.</summary>
    public abstract string ToAddPartitionSql();
}
