using System.Text.Json.Serialization;

namespace Syncer.Doris.Binlog.Records;

/// <summary>
/// MODIFY_TABLE_ADD_OR_DROP_INVERTED_INDICES payload: a light index change (ADD/DROP INDEX of an inverted index,
/// or CREATE/DROP INDEX) with the table's indexes after it, the indexes changed, and the ALTER TABLE text.
/// </summary>
public sealed class TableAddOrDropInvertedIndicesInfo
{
    [JsonPropertyName("dbId")] public long DbId { get; set; }

    [JsonPropertyName("tableId")] public long TableId { get; set; }

    [JsonPropertyName("indexSchemaMap")] public Dictionary<long, List<ColumnJson>> IndexSchemaMap { get; set; } = [];

    [JsonPropertyName("indexes")] public List<IndexJson> Indexes { get; set; } = [];

    [JsonPropertyName("alterInvertedIndexes")] public List<IndexJson> AlterInvertedIndexes { get; set; } = [];

    [JsonPropertyName("isDropInvertedIndex")] public bool IsDropInvertedIndex { get; set; }

    [JsonPropertyName("jobId")] public long JobId { get; set; }

    [JsonPropertyName("rawSql")] public string RawSql { get; set; } = string.Empty;
}
