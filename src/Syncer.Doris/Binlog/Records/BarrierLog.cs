using System.Text.Json.Serialization;

namespace Syncer.Doris.Binlog.Records;

/// <summary>BARRIER payload; wraps a binlog of a type this FE generation cannot name (binlogType + its JSON).</summary>
public sealed class BarrierLog
{
    [JsonPropertyName("dbId")] public long DbId { get; set; }

    [JsonPropertyName("dbName")] public string DbName { get; set; } = string.Empty;

    [JsonPropertyName("tableId")] public long TableId { get; set; }

    [JsonPropertyName("tableName")] public string TableName { get; set; } = string.Empty;

    [JsonPropertyName("binlogType")] public long BinlogType { get; set; } = -1;

    [JsonPropertyName("binlog")] public string Binlog { get; set; } = string.Empty;
}
