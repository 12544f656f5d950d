using System.Text.Json.Serialization;

namespace Syncer.Doris.Binlog.Records;

/// <summary>MODIFY_PARTITIONS payload: every partition one MODIFY PARTITION statement changed, in one record.</summary>
public sealed class BatchModifyPartitionsInfo
{
    [JsonPropertyName("infos")] public List<ModifyPartitionInfo> Infos { get; set; } = [];
}
