using System.Text.Json.Serialization;

namespace Syncer.Doris.Binlog.Records;

/// <summary>RENAME_COLUMN payload.</summary>
public sealed class TableRenameColumnInfo
{
    [JsonPropertyName("dbId")] public long DbId { get; set; }

    [JsonPropertyName("tableId")] public long TableId { get; set; }

    [JsonPropertyName("colName")] public string ColName { get; set; } = string.Empty;

    [JsonPropertyName("newColName")] public string NewColName { get; set; } = string.Empty;

    [JsonPropertyName("indexIdToSchemaVersion")] public Dictionary<long, int> IndexIdToSchemaVersion { get; set; } = [];
}
