using System.Text.Json.Serialization;

namespace Syncer.Doris.Binlog.Records;

/// <summary>One partition's properties after ALTER TABLE ... MODIFY PARTITION ... SET (...).</summary>
public sealed class ModifyPartitionInfo
{
    [JsonPropertyName("dbId")] public long DbId { get; set; }

    [JsonPropertyName("tableId")] public long TableId { get; set; }

    [JsonPropertyName("partitionId")] public long PartitionId { get; set; }

    [JsonPropertyName("dataProperty")] public DataPropertyJson DataProperty { get; set; } = new();

    /// <summary>Deprecated in Doris in favour of <see cref="ReplicaAlloc"/>; written as -1.</summary>
    [JsonPropertyName("replicationNum")] public short ReplicationNum { get; set; } = -1;

    [JsonPropertyName("isInMemory")] public bool IsInMemory { get; set; }

    [JsonPropertyName("replicaAlloc")] public ReplicaAllocationJson ReplicaAlloc { get; set; } = new();

    [JsonPropertyName("storagePolicy")] public string StoragePolicy { get; set; } = string.Empty;

    [JsonPropertyName("tableProperties")] public Dictionary<string, string> TableProperties { get; set; } = [];

    [JsonPropertyName("partitionName")] public string PartitionName { get; set; } = string.Empty;

    [JsonPropertyName("isTempPartition")] public bool IsTempPartition { get; set; }
}
