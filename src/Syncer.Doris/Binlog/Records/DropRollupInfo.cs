using System.Text.Json.Serialization;

namespace Syncer.Doris.Binlog.Records;

/// <summary>
/// DROP_ROLLUP payload: Doris's DropInfo for a rollup index (Doris skips the binlog when the index name is empty).
/// </summary>
public sealed class DropRollupInfo
{
    [JsonPropertyName("dbId")] public long DbId { get; set; }

    [JsonPropertyName("tableId")] public long TableId { get; set; }

    [JsonPropertyName("tableName")] public string TableName { get; set; } = string.Empty;

    [JsonPropertyName("indexId")] public long IndexId { get; set; }

    [JsonPropertyName("indexName")] public string IndexName { get; set; } = string.Empty;

    [JsonPropertyName("forceDrop")] public bool ForceDrop { get; set; }

    [JsonPropertyName("recycleTime")] public long RecycleTime { get; set; }
}
