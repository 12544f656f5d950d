using System.Text.Json.Serialization;

namespace Syncer.Doris.Binlog.Records;

/// <summary>ADD_PARTITION payload (AddPartitionRecord): the partition object, its item and the ADD PARTITION sql.</summary>
public sealed class AddPartitionRecord
{
    [JsonPropertyName("commitSeq")] public long CommitSeq { get; set; }

    [JsonPropertyName("dbId")] public long DbId { get; set; }

    [JsonPropertyName("tableId")] public long TableId { get; set; }

    [JsonPropertyName("partition")] public PartitionJson Partition { get; set; } = new();

    /// <summary>The range item; minidoris writes its range string (the syncer does not read this field).</summary>
    [JsonPropertyName("range")] public string? Range { get; set; }

    [JsonPropertyName("listPartitionItem")] public string? ListPartitionItem { get; set; }

    [JsonPropertyName("dataProperty")] public DataPropertyJson DataProperty { get; set; } = new();

    [JsonPropertyName("replicaAlloc")] public ReplicaAllocationJson ReplicaAlloc { get; set; } = new();

    [JsonPropertyName("isInMemory")] public bool IsInMemory { get; set; }

    [JsonPropertyName("isTempPartition")] public bool IsTempPartition { get; set; }

    [JsonPropertyName("isMutable")] public bool IsMutable { get; set; } = true;

    [JsonPropertyName("sql")] public string Sql { get; set; } = string.Empty;
}

/// <summary>The Gson form of a Partition, limited to the fields a reader can use.</summary>
public sealed class PartitionJson
{
    [JsonPropertyName("id")] public long Id { get; set; }

    [JsonPropertyName("name")] public string Name { get; set; } = string.Empty;

    [JsonPropertyName("state")] public string State { get; set; } = "NORMAL";

    [JsonPropertyName("visibleVersion")] public long VisibleVersion { get; set; }

    [JsonPropertyName("visibleVersionTime")] public long VisibleVersionTime { get; set; }

    [JsonPropertyName("nextVersion")] public long NextVersion { get; set; }

    [JsonPropertyName("distributionInfo")] public DistributionInfoJson DistributionInfo { get; set; } = new();

    /// <summary>Reader only: Doris 3.0 writes the distribution under the short name <c>di</c> (null, so never written, by minidoris).</summary>
    [JsonPropertyName("di")] public DistributionInfoJson? Di { get; set; }
}

/// <summary>HashDistributionInfo/RandomDistributionInfo as Gson writes them.</summary>
public sealed class DistributionInfoJson
{
    [JsonPropertyName("type")] public string Type { get; set; } = "HASH";

    [JsonPropertyName("bucketNum")] public int BucketNum { get; set; }

    [JsonPropertyName("autoBucket")] public bool AutoBucket { get; set; }

    [JsonPropertyName("distributionColumns")] public List<DistributionColumnJson>? DistributionColumns { get; set; }
}

/// <summary>A distribution column (Gson Column, name and type only).</summary>
public sealed class DistributionColumnJson
{
    [JsonPropertyName("name")] public string Name { get; set; } = string.Empty;

    [JsonPropertyName("type")] public string Type { get; set; } = string.Empty;
}

/// <summary>DataProperty as Gson writes it.</summary>
public sealed class DataPropertyJson
{
    [JsonPropertyName("storageMedium")] public string StorageMedium { get; set; } = "HDD";

    [JsonPropertyName("cooldownTimeMs")] public long CooldownTimeMs { get; set; } = 253402271999000;

    [JsonPropertyName("storagePolicy")] public string StoragePolicy { get; set; } = string.Empty;

    [JsonPropertyName("isMutable")] public bool IsMutable { get; set; } = true;

    [JsonPropertyName("storageMediumSpecified")] public bool StorageMediumSpecified { get; set; }
}

/// <summary>ReplicaAllocation as Gson writes it.</summary>
public sealed class ReplicaAllocationJson
{
    [JsonPropertyName("allocMap")] public Dictionary<string, int> AllocMap { get; set; } = [];
}
