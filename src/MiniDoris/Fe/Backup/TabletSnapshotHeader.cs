using System.Text.Json.Serialization;

namespace MiniDoris.Fe.Backup;

/// <summary>
/// minidoris's tablet header (<c>&lt;tablet&gt;.hdr</c>, the role of Doris's TabletMetaPB): the snapshot version and
/// the rowsets with their versions, so a restore rebuilds the tablet version by version.
/// </summary>
public sealed class TabletSnapshotHeader
{
    [JsonPropertyName("tablet_id")] public long TabletId { get; set; }

    [JsonPropertyName("schema_hash")] public int SchemaHash { get; set; }

    [JsonPropertyName("partition_id")] public long PartitionId { get; set; }

    [JsonPropertyName("version")] public long Version { get; set; }

    [JsonPropertyName("rowsets")] public List<SnapshotRowset> Rowsets { get; set; } = [];
}

/// <summary>One rowset of a tablet snapshot; its segment file is <c>&lt;rowset_id&gt;_0.dat</c> when it has rows.</summary>
public sealed class SnapshotRowset
{
    [JsonPropertyName("rowset_id")] public string RowsetId { get; set; } = string.Empty;

    [JsonPropertyName("version")] public long Version { get; set; }

    [JsonPropertyName("num_rows")] public long NumRows { get; set; }

    [JsonPropertyName("num_segments")] public int NumSegments { get; set; }

    [JsonPropertyName("delete_predicate")] public string? DeletePredicate { get; set; }
}
