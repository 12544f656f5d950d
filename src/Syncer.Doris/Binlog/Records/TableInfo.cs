using System.Text.Json.Serialization;

namespace Syncer.Doris.Binlog.Records;

/// <summary>TableInfo with Doris's short names: RENAME_TABLE payload, and RENAME_PARTITION inside a BARRIER.</summary>
public sealed class TableInfo
{
    [JsonPropertyName("db")] public long Db { get; set; }

    [JsonPropertyName("tb")] public long Tb { get; set; }

    [JsonPropertyName("ind")] public long Ind { get; set; } = -1;

    [JsonPropertyName("p")] public long P { get; set; } = -1;

    [JsonPropertyName("nT")] public string? NewTableName { get; set; }

    [JsonPropertyName("oT")] public string? OldTableName { get; set; }

    [JsonPropertyName("nR")] public string? NewRollupName { get; set; }

    [JsonPropertyName("oR")] public string? OldRollupName { get; set; }

    [JsonPropertyName("nP")] public string? NewPartitionName { get; set; }

    [JsonPropertyName("oP")] public string? OldPartitionName { get; set; }
}
