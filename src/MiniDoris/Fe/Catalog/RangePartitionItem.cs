namespace MiniDoris.Fe.Catalog;

/// <summary>A range partition's half-open interval [lower, upper).</summary>
public sealed class RangePartitionItem : PartitionItem
{
    public PartitionKey Lower { get; set; } = new();

    public PartitionKey Upper { get; set; } = new();

    /// <summary>Guava's Range.toString of a closed-open range of PartitionKeys: <c>[lower..upper)</c>.</summary>
    public override string ToRangeString() => "[" + Lower + ".." + Upper + ")";

    public override string ToCreateSql() => "VALUES [" + Lower.ToSql() + ", " + Upper.ToSql() + ")";

    public override string ToAddPartitionSql() => "VALUES [" + Lower.ToSql() + ", " + Upper.ToSql() + ")";

    public bool Contains(PartitionKey key, IReadOnlyList<ColumnType> types) =>
        Lower.CompareTo(key, types) <= 0 && key.CompareTo(Upper, types) < 0;

    public bool Intersects(RangePartitionItem other, IReadOnlyList<ColumnType> types) =>
        Lower.CompareTo(other.Upper, types) < 0 && other.Lower.CompareTo(Upper, types) < 0;
}
