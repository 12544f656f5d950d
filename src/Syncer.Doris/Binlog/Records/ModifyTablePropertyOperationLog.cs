using System.Text.Json.Serialization;

namespace Syncer.Doris.Binlog.Records;

/// <summary>MODIFY_TABLE_PROPERTY payload: ALTER TABLE ... SET (...).</summary>
public sealed class ModifyTablePropertyOperationLog
{
    [JsonPropertyName("dbId")] public long DbId { get; set; }

    [JsonPropertyName("tableId")] public long TableId { get; set; }

    [JsonPropertyName("tableName")] public string TableName { get; set; } = string.Empty;

    [JsonPropertyName("properties")] public Dictionary<string, string> Properties { get; set; } = [];

    [JsonPropertyName("sql")] public string Sql { get; set; } = string.Empty;
}
