using System.Text.Json.Serialization;

namespace Syncer.Doris.Binlog.Records;

/// <summary>RECOVER_INFO payload (newer FEs; reader only, minidoris has no RECOVER): a table or partition back from the recycle bin.</summary>
public sealed class RecoverInfo
{
    [JsonPropertyName("dbId")] public long DbId { get; set; }

    [JsonPropertyName("newDbName")] public string? NewDbName { get; set; }

    [JsonPropertyName("tableId")] public long TableId { get; set; }

    [JsonPropertyName("tableName")] public string? TableName { get; set; }

    [JsonPropertyName("newTableName")] public string? NewTableName { get; set; }

    /// <summary>-1 when a whole table was recovered.</summary>
    [JsonPropertyName("partitionId")] public long PartitionId { get; set; } = -1;

    [JsonPropertyName("partitionName")] public string? PartitionName { get; set; }

    [JsonPropertyName("newPartitionName")] public string? NewPartitionName { get; set; }
}
