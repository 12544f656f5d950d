using System.Text.Json.Serialization;

namespace MiniDoris.Be;

/// <summary>
/// minidoris's rowset meta (the role of Doris's RowsetMetaPB): served by get_rowset_meta and read back when a
/// target BE ingests the rowset.
/// </summary>
public sealed class RowsetMeta
{
    [JsonPropertyName("rowset_id")] public string RowsetId { get; set; } = string.Empty;

    [JsonPropertyName("tablet_id")] public long TabletId { get; set; }

    [JsonPropertyName("partition_id")] public long PartitionId { get; set; }

    [JsonPropertyName("index_id")] public long IndexId { get; set; }

    [JsonPropertyName("txn_id")] public long TxnId { get; set; }

    /// <summary>The version once published; null while staged.</summary>
    [JsonPropertyName("version")] public long? Version { get; set; }

    [JsonPropertyName("num_rows")] public long NumRows { get; set; }

    [JsonPropertyName("num_segments")] public int NumSegments { get; set; }

    /// <summary>For a DELETE: the predicate (Doris SQL) hiding matching rows of older versions.</summary>
    [JsonPropertyName("delete_predicate")] public string? DeletePredicate { get; set; }

    [JsonPropertyName("creation_time")] public long CreationTime { get; set; }
}
