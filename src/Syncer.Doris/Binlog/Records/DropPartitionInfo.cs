using System.Text.Json.Serialization;

namespace Syncer.Doris.Binlog.Records;

/// <summary>DROP_PARTITION payload (DropPartitionInfo) with its DROP PARTITION sql.</summary>
public sealed class DropPartitionInfo
{
    [JsonPropertyName("dbId")] public long DbId { get; set; }

    [JsonPropertyName("tableId")] public long TableId { get; set; }

    [JsonPropertyName("pid")] public long PartitionId { get; set; }

    [JsonPropertyName("partitionName")] public string PartitionName { get; set; } = string.Empty;

    [JsonPropertyName("isTempPartition")] public bool IsTempPartition { get; set; }

    [JsonPropertyName("forceDrop")] public bool ForceDrop { get; set; }

    [JsonPropertyName("recycleTime")] public long RecycleTime { get; set; }

    [JsonPropertyName("sql")] public string Sql { get; set; } = string.Empty;

    [JsonPropertyName("version")] public long Version { get; set; }

    [JsonPropertyName("versionTime")] public long VersionTime { get; set; }
}
