using System.Globalization;
using System.Text.Json.Nodes;
using MiniDoris.Fe.Catalog;
using Syncer.Doris.Binlog.Records;

namespace MiniDoris.Fe.Ddl;

/// <summary>
/// The Gson forms Doris 2.1's AddPartitionRecord carries (see docs/minidoris.md, "ADD_PARTITION"): the Guava range
/// of PartitionKeys, the list item, and the Partition with its indexes, tablets and replicas.
/// </summary>
internal static class PartitionGson
{
    /// <summary>
    /// RangeUtils.RangeSerializer: [lower, upper], each {type, value}. Lists and unpartitioned tables get Doris's
    /// dummy range, closed at both ends on empty keys, because PartitionPersistInfo never holds a null range.
    /// </summary>
    public static JsonNode Range(PartitionItem? item) => item is RangePartitionItem r
        ? new JsonArray(Bound("CLOSED", r.Lower), Bound("OPEN", r.Upper))
        : new JsonArray(Bound("CLOSED", new PartitionKey()), Bound("CLOSED", new PartitionKey()));

    /// <summary>
    /// 2.1's ListPartitionItem has no @SerializedName field and GsonUtils registers no PartitionItem type tag, so
    /// every item (a real list item or the dummy one) serialises to an empty object; the values travel in <c>sql</c>.
    /// </summary>
    public static JsonNode ListItem() => new JsonObject();

    /// <summary>
    /// The 2.1 PartitionKeySerializer form (what 3.0 reads back as the "old" form): one [type, value] pair per
    /// column, integers as numbers, everything else as strings, MAXVALUE as "MAX_VALUE" and NULL as
    /// ["NULL_TYPE", realType]; no trailing marker (that came with the 3.0 Expr-based form).
    /// </summary>
    public static JsonArray Key(PartitionKey key)
    {
        var array = new JsonArray();
        for (var i = 0; i < key.Values.Count; i++)
        {
            var type = key.Types[i];
            var value = key.Values[i];
            array.Add(value.Kind switch
            {
                PartitionValueKind.Max => new JsonArray(type.ToString(), "MAX_VALUE"),
                PartitionValueKind.Null => new JsonArray("NULL_TYPE", type.ToString()),
                _ => new JsonArray(type.ToString(), Literal(type, PartitionKey.DisplayText(value, type))),
            });
        }

        return array;
    }

    public static MaterializedIndexJson Index(MaterializedIndex index, long rowCount) => new()
    {
        Id = index.Id,
        State = index.State,
        RowCount = rowCount,
        Tablets = index.Tablets.Select(t => new TabletJson
        {
            Id = t.Id,
            Replicas = t.Replicas.Select(r => new ReplicaJson
            {
                Id = r.Id,
                BackendId = r.BackendId,
                Version = r.Version,
                LastFailedVersion = r.LastFailedVersion,
            }).ToList(),
        }).ToList(),
    };

    private static JsonObject Bound(string type, PartitionKey key) => new() { ["type"] = type, ["value"] = Key(key) };

    private static JsonNode? Literal(PrimitiveType type, string text) => type switch
    {
        PrimitiveType.TINYINT or PrimitiveType.SMALLINT or PrimitiveType.INT or PrimitiveType.BIGINT
            when long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) => JsonValue.Create(n),
        PrimitiveType.BOOLEAN when bool.TryParse(text, out var b) => JsonValue.Create(b),
        _ => JsonValue.Create(text),
    };
}
