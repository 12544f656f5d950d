using System.Text.Json.Serialization;

namespace Syncer.Doris.Binlog.Records;

/// <summary>REPLACE_PARTITIONS payload (also produced by INSERT OVERWRITE).</summary>
public sealed class ReplacePartitionOperationLog
{
    [JsonPropertyName("dbId")] public long DbId { get; set; }

    [JsonPropertyName("dbName")] public string DbName { get; set; } = string.Empty;

    [JsonPropertyName("tblId")] public long TblId { get; set; }

    [JsonPropertyName("tblName")] public string TblName { get; set; } = string.Empty;

    [JsonPropertyName("partitions")] public List<string> Partitions { get; set; } = [];

    [JsonPropertyName("tempPartitions")] public List<string> TempPartitions { get; set; } = [];

    [JsonPropertyName("strictRange")] public bool StrictRange { get; set; }

    [JsonPropertyName("useTempPartitionName")] public bool UseTempPartitionName { get; set; }

    [JsonPropertyName("version")] public long Version { get; set; }

    [JsonPropertyName("versionTime")] public long VersionTime { get; set; }

    [JsonPropertyName("force")] public bool Force { get; set; }
}
