using System.Text.Json.Serialization;

namespace Syncer.Doris.Binlog.Records;

/// <summary>
/// INDEX_CHANGE_JOB payload: one partition's job that builds (BUILD INDEX) or deletes (DROP INDEX) inverted index
/// files, written when the job is created (WAITING_TXN) and when it ends (FINISHED or CANCELLED).
/// </summary>
public sealed class IndexChangeJob
{
    [JsonPropertyName("jobId")] public long JobId { get; set; }

    /// <summary>WAITING_TXN, RUNNING, FINISHED or CANCELLED.</summary>
    [JsonPropertyName("jobState")] public string JobState { get; set; } = "WAITING_TXN";

    [JsonPropertyName("dbId")] public long DbId { get; set; }

    [JsonPropertyName("tableId")] public long TableId { get; set; }

    [JsonPropertyName("tableName")] public string TableName { get; set; } = string.Empty;

    [JsonPropertyName("partitionId")] public long PartitionId { get; set; }

    [JsonPropertyName("partitionName")] public string PartitionName { get; set; } = string.Empty;

    [JsonPropertyName("errMsg")] public string ErrMsg { get; set; } = string.Empty;

    [JsonPropertyName("createTimeMs")] public long CreateTimeMs { get; set; } = -1;

    [JsonPropertyName("finishedTimeMs")] public long FinishedTimeMs { get; set; } = -1;

    [JsonPropertyName("watershedTxnId")] public long WatershedTxnId { get; set; } = -1;

    [JsonPropertyName("isDropOp")] public bool IsDropOp { get; set; }

    [JsonPropertyName("alterInvertedIndexes")] public List<IndexJson> AlterInvertedIndexes { get; set; } = [];

    [JsonPropertyName("originIndexId")] public long OriginIndexId { get; set; }

    /// <summary>Doris serialises its agent batch task object, which has no persisted fields: always <c>{}</c>.</summary>
    [JsonPropertyName("invertedIndexBatchTask")] public Dictionary<string, object> InvertedIndexBatchTask { get; set; } = [];

    [JsonPropertyName("timeoutMs")] public long TimeoutMs { get; set; } = -1;
}
