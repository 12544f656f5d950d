using System.Text.Json.Serialization;

namespace Syncer.Doris.Binlog.Records;

/// <summary>
/// RECOVER_INFO payload: a table (partitionId -1) or a partition brought back from the recycle bin, with the name it
/// had and the name given by AS (empty when none). RECOVER DATABASE writes no binlog: Doris skips a RecoverInfo whose
/// tableName is empty.
/// </summary>
public sealed class RecoverInfo
{
    [JsonPropertyName("dbId")] public long DbId { get; set; }

    [JsonPropertyName("newDbName")] public string NewDbName { get; set; } = string.Empty;

    [JsonPropertyName("tableId")] public long TableId { get; set; }

    [JsonPropertyName("tableName")] public string TableName { get; set; } = string.Empty;

    [JsonPropertyName("newTableName")] public string NewTableName { get; set; } = string.Empty;

    [JsonPropertyName("partitionId")] public long PartitionId { get; set; } = -1;

    [JsonPropertyName("partitionName")] public string PartitionName { get; set; } = string.Empty;

    [JsonPropertyName("newPartitionName")] public string NewPartitionName { get; set; } = string.Empty;
}
