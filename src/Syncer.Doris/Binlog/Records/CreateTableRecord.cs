using System.Text.Json.Serialization;

namespace Syncer.Doris.Binlog.Records;

/// <summary>CREATE_TABLE payload (db list only): the SHOW CREATE TABLE/VIEW text of the new object.</summary>
public sealed class CreateTableRecord
{
    [JsonPropertyName("commitSeq")] public long CommitSeq { get; set; }

    [JsonPropertyName("dbId")] public long DbId { get; set; }

    [JsonPropertyName("dbName")] public string DbName { get; set; } = string.Empty;

    [JsonPropertyName("tableId")] public long TableId { get; set; }

    [JsonPropertyName("tableName")] public string TableName { get; set; } = string.Empty;

    [JsonPropertyName("tableType")] public string TableType { get; set; } = "OLAP";

    [JsonPropertyName("sql")] public string Sql { get; set; } = string.Empty;
}
