using System.Text.Json.Serialization;

namespace Syncer.Jobs;

/// <summary>
/// After a partial sync of some partitions, the snapshot already holds every load into them up to
/// <see cref="UntilCommitSeq"/>; binlogs replayed after the triggering one skip those partitions' records until then,
/// so a DUPLICATE table gets no row twice while loads into the other partitions still apply.
/// </summary>
public sealed record PartitionFilter
{
    /// <summary>Source table id the filter applies to.</summary>
    [JsonPropertyName("table_id")] public long TableId { get; init; }

    /// <summary>Partition range strings restored by the partial sync.</summary>
    [JsonPropertyName("ranges")] public IReadOnlyList<string> Ranges { get; init; } = [];

    /// <summary>The table's commit seq inside the partial snapshot: records at or below it are in the snapshot.</summary>
    [JsonPropertyName("until_commit_seq")] public long UntilCommitSeq { get; init; }
}
