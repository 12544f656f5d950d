using System.Text.Json.Serialization;

namespace Syncer.Doris.Binlog.Records;

/// <summary>TRUNCATE_TABLE payload; rawSql holds the PARTITIONS (...) part or is empty for the whole table.</summary>
public sealed class TruncateTableRecord
{
    [JsonPropertyName("dbId")] public long DbId { get; set; }

    [JsonPropertyName("db")] public string Db { get; set; } = string.Empty;

    [JsonPropertyName("tblId")] public long TblId { get; set; }

    [JsonPropertyName("table")] public string Table { get; set; } = string.Empty;

    [JsonPropertyName("isEntireTable")] public bool IsEntireTable { get; set; }

    [JsonPropertyName("rawSql")] public string RawSql { get; set; } = string.Empty;
}
