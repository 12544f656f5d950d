using System.Text.Json.Serialization;

namespace Syncer.Doris.Binlog.Records;

/// <summary>
/// MODIFY_DISTRIBUTION_BUCKET_NUM payload: the table's default distribution after ALTER TABLE ... MODIFY DISTRIBUTION.
/// The key is <c>type</c> (lower case) in Doris's Gson annotations.
/// </summary>
public sealed class ModifyTableDefaultDistributionBucketNumOperationLog
{
    [JsonPropertyName("dbId")] public long DbId { get; set; }

    [JsonPropertyName("tableId")] public long TableId { get; set; }

    /// <summary>HASH or RANDOM.</summary>
    [JsonPropertyName("type")] public string Type { get; set; } = "HASH";

    [JsonPropertyName("autoBucket")] public bool AutoBucket { get; set; }

    [JsonPropertyName("bucketNum")] public int BucketNum { get; set; }

    [JsonPropertyName("columnsName")] public string ColumnsName { get; set; } = string.Empty;
}
