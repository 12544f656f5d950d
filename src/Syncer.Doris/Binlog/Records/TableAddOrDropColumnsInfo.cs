using System.Text.Json.Serialization;

namespace Syncer.Doris.Binlog.Records;

/// <summary>MODIFY_TABLE_ADD_OR_DROP_COLUMNS payload: a light schema change and its SQL.</summary>
public sealed class TableAddOrDropColumnsInfo
{
    [JsonPropertyName("dbId")] public long DbId { get; set; }

    [JsonPropertyName("tableId")] public long TableId { get; set; }

    [JsonPropertyName("indexSchemaMap")] public Dictionary<long, List<ColumnJson>> IndexSchemaMap { get; set; } = [];

    [JsonPropertyName("indexes")] public List<object> Indexes { get; set; } = [];

    [JsonPropertyName("jobId")] public long JobId { get; set; }

    [JsonPropertyName("rawSql")] public string RawSql { get; set; } = string.Empty;
}

/// <summary>A column as the schema maps in binlog payloads show it.</summary>
public sealed class ColumnJson
{
    [JsonPropertyName("name")] public string Name { get; set; } = string.Empty;

    [JsonPropertyName("type")] public string Type { get; set; } = string.Empty;

    [JsonPropertyName("aggregationType")] public string? AggregationType { get; set; }

    [JsonPropertyName("isKey")] public bool IsKey { get; set; }

    [JsonPropertyName("isAllowNull")] public bool IsAllowNull { get; set; }

    [JsonPropertyName("defaultValue")] public string? DefaultValue { get; set; }

    [JsonPropertyName("comment")] public string Comment { get; set; } = string.Empty;

    [JsonPropertyName("uniqueId")] public int UniqueId { get; set; }
}
