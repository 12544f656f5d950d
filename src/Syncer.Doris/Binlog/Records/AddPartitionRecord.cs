using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Syncer.Doris.Binlog.Records;

/// <summary>ADD_PARTITION payload (AddPartitionRecord): the partition object, its item and the ADD PARTITION sql.</summary>
public sealed class AddPartitionRecord
{
    [JsonPropertyName("commitSeq")] public long CommitSeq { get; set; }

    [JsonPropertyName("dbId")] public long DbId { get; set; }

    [JsonPropertyName("tableId")] public long TableId { get; set; }

    [JsonPropertyName("partition")] public PartitionJson Partition { get; set; } = new();

    /// <summary>
    /// Guava <c>Range&lt;PartitionKey&gt;</c> as RangeUtils.RangeSerializer writes it: a two-element array of bound
    /// objects (type CLOSED/OPEN, value a PartitionKey array). Never absent in Doris: list and unpartitioned tables carry
    /// the dummy closed range of two empty keys. Kept as a node because the PartitionKey form differs between 2.1 and
    /// 3.0 and the syncer does not read it.
    /// </summary>
    [JsonPropertyName("range")] public JsonNode? Range { get; set; }

    /// <summary>A PartitionItem with Gson's <c>clazz</c> tag (the dummy list item for range and unpartitioned tables).</summary>
    [JsonPropertyName("listPartitionItem")] public JsonNode? ListPartitionItem { get; set; }

    [JsonPropertyName("dataProperty")] public DataPropertyJson DataProperty { get; set; } = new();

    [JsonPropertyName("replicaAlloc")] public ReplicaAllocationJson ReplicaAlloc { get; set; } = new();

    [JsonPropertyName("isInMemory")] public bool IsInMemory { get; set; }

    [JsonPropertyName("isTempPartition")] public bool IsTempPartition { get; set; }

    [JsonPropertyName("isMutable")] public bool IsMutable { get; set; } = true;

    [JsonPropertyName("sql")] public string Sql { get; set; } = string.Empty;
}

/// <summary>The Gson form of a Doris 2.1 Partition (catalog/Partition.java: every @SerializedName field, in its order).</summary>
public sealed class PartitionJson
{
    [JsonPropertyName("id")] public long Id { get; set; }

    [JsonPropertyName("name")] public string Name { get; set; } = string.Empty;

    [JsonPropertyName("state")] public string State { get; set; } = "NORMAL";

    /// <summary>Null when read from a payload that leaves it out; minidoris always writes it.</summary>
    [JsonPropertyName("baseIndex")] public MaterializedIndexJson? BaseIndex { get; set; }

    /// <summary>Gson writes a Map&lt;Long, MaterializedIndex&gt; as an object keyed by the id's decimal string.</summary>
    [JsonPropertyName("idToVisibleRollupIndex")] public Dictionary<string, MaterializedIndexJson>? IdToVisibleRollupIndex { get; set; }

    [JsonPropertyName("idToShadowIndex")] public Dictionary<string, MaterializedIndexJson>? IdToShadowIndex { get; set; }

    /// <summary>Deprecated in 2.1 but still annotated, so Gson writes it (always 0).</summary>
    [JsonPropertyName("committedVersionHash")] public long CommittedVersionHash { get; set; }

    [JsonPropertyName("visibleVersion")] public long VisibleVersion { get; set; }

    [JsonPropertyName("visibleVersionTime")] public long VisibleVersionTime { get; set; }

    [JsonPropertyName("visibleVersionHash")] public long VisibleVersionHash { get; set; }

    [JsonPropertyName("nextVersion")] public long NextVersion { get; set; }

    [JsonPropertyName("nextVersionHash")] public long NextVersionHash { get; set; }

    [JsonPropertyName("distributionInfo")] public DistributionInfoJson DistributionInfo { get; set; } = new();

    /// <summary>Reader only: Doris 3.0 writes the distribution under the short name <c>di</c> (null, so never written, by minidoris).</summary>
    [JsonPropertyName("di")] public DistributionInfoJson? Di { get; set; }
}

/// <summary>A MaterializedIndex as Gson writes it in 2.1 (the tablet list, not the id map, is the persisted field).</summary>
public sealed class MaterializedIndexJson
{
    [JsonPropertyName("id")] public long Id { get; set; }

    [JsonPropertyName("state")] public string State { get; set; } = "NORMAL";

    [JsonPropertyName("rowCount")] public long RowCount { get; set; }

    [JsonPropertyName("tablets")] public List<TabletJson> Tablets { get; set; } = [];

    [JsonPropertyName("rollupIndexId")] public long RollupIndexId { get; set; } = -1;

    [JsonPropertyName("rollupFinishedVersion")] public long RollupFinishedVersion { get; set; } = -1;
}

/// <summary>A 2.1 Tablet (one concrete class before 3.0 split it into LocalTablet/CloudTablet).</summary>
public sealed class TabletJson
{
    [JsonPropertyName("id")] public long Id { get; set; }

    [JsonPropertyName("replicas")] public List<ReplicaJson> Replicas { get; set; } = [];

    [JsonPropertyName("checkedVersion")] public long CheckedVersion { get; set; } = -1;

    [JsonPropertyName("checkedVersionHash")] public long CheckedVersionHash { get; set; } = -1;

    [JsonPropertyName("isConsistent")] public bool IsConsistent { get; set; } = true;

    [JsonPropertyName("cooldownReplicaId")] public long CooldownReplicaId { get; set; } = -1;

    [JsonPropertyName("cooldownTerm")] public long CooldownTerm { get; set; } = -1;
}

/// <summary>A 2.1 Replica's annotated fields (the deprecated hashes are still written, as 0).</summary>
public sealed class ReplicaJson
{
    [JsonPropertyName("id")] public long Id { get; set; }

    [JsonPropertyName("backendId")] public long BackendId { get; set; }

    [JsonPropertyName("version")] public long Version { get; set; }

    [JsonPropertyName("versionHash")] public long VersionHash { get; set; }

    [JsonPropertyName("dataSize")] public long DataSize { get; set; }

    [JsonPropertyName("remoteDataSize")] public long RemoteDataSize { get; set; }

    [JsonPropertyName("rowCount")] public long RowCount { get; set; }

    [JsonPropertyName("state")] public string State { get; set; } = "NORMAL";

    [JsonPropertyName("lastFailedVersion")] public long LastFailedVersion { get; set; } = -1;

    [JsonPropertyName("lastFailedVersionHash")] public long LastFailedVersionHash { get; set; }

    [JsonPropertyName("lastSuccessVersion")] public long LastSuccessVersion { get; set; } = -1;

    [JsonPropertyName("lastSuccessVersionHash")] public long LastSuccessVersionHash { get; set; }
}

/// <summary>HashDistributionInfo/RandomDistributionInfo as Gson writes them.</summary>
public sealed class DistributionInfoJson
{
    /// <summary>
    /// GsonUtils's runtime type tag for the DistributionInfo subclass (HashDistributionInfo/RandomDistributionInfo);
    /// null (omitted) when not known.
    /// </summary>
    [JsonPropertyName("clazz")] public string? Clazz { get; set; }

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
    /// <summary>
    /// A Map&lt;Tag, Short&gt;. Doris's Gson enables complex map key serialisation and a Tag serialises to an object
    /// (type, value), so the map is written as an array of [tag, count] pairs, not as an object keyed by a string.
    /// Kept as a node: the syncer does not read it.
    /// </summary>
    [JsonPropertyName("allocMap")] public JsonNode AllocMap { get; set; } = new JsonArray();

    /// <summary>All replicas under the default backend tag (location: default), as Doris's default allocation.</summary>
    public static ReplicaAllocationJson DefaultTag(int replicas) => new()
    {
        AllocMap = new JsonArray(new JsonArray(new JsonObject { ["type"] = "location", ["value"] = "default" }, replicas)),
    };
}
