using System.Text.Json.Serialization;

namespace Syncer.Jobs;

/// <summary>The target of a pending partial sync (progress <c>partial_sync_data</c>, Go's field names).</summary>
public sealed record PartialSyncData
{
    /// <summary>Source table id.</summary>
    [JsonPropertyName("table_id")] public long TableId { get; init; }

    /// <summary>Source table name.</summary>
    [JsonPropertyName("table")] public string Table { get; init; } = "";

    /// <summary>Source partition ids (informational).</summary>
    [JsonPropertyName("partition_ids")] public IReadOnlyList<long> PartitionIds { get; init; } = [];

    /// <summary>Source partition names to back up; empty means the whole table.</summary>
    [JsonPropertyName("partitions")] public IReadOnlyList<string> Partitions { get; init; } = [];
}
