namespace MiniDoris.Fe.Catalog;

/// <summary>A list partition's set of keys.</summary>
public sealed class ListPartitionItem : PartitionItem
{
    public List<PartitionKey> Keys { get; set; } = [];

    /// <summary>Java's List.toString of the keys, as Doris's getItems().toString() prints it.</summary>
    public override string ToRangeString() => "[" + string.Join(", ", Keys.Select(k => k.ToString())) + "]";

    public override string ToCreateSql() => "VALUES IN (" + string.Join(",", Keys.Select(k => k.ToSql())) + ")";

    public override string ToAddPartitionSql()
    {
        var body = string.Join(",", Keys.Select(k => k.ToSql()));
        return "VALUES IN " + (Keys.Count > 1 ? "(" + body + ")" : body);
    }

    public bool Contains(PartitionKey key) => Keys.Any(k => k.SameAs(key));
}
