using System.Text.Json.Serialization;

namespace Syncer.Doris.Binlog.Records;

/// <summary>DROP_TABLE payload (db list only).</summary>
public sealed class DropTableRecord
{
    [JsonPropertyName("commitSeq")] public long CommitSeq { get; set; }

    [JsonPropertyName("dbId")] public long DbId { get; set; }

    [JsonPropertyName("tableId")] public long TableId { get; set; }

    [JsonPropertyName("tableName")] public string TableName { get; set; } = string.Empty;

    [JsonPropertyName("isView")] public bool IsView { get; set; }

    [JsonPropertyName("rawSql")] public string RawSql { get; set; } = string.Empty;
}
