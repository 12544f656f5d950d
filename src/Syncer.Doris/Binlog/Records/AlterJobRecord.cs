using System.Text.Json.Serialization;

namespace Syncer.Doris.Binlog.Records;

/// <summary>ALTER_JOB payload: one persisted state of a schema change job, with the shadow→origin index map.</summary>
public sealed class AlterJobRecord
{
    [JsonPropertyName("type")] public string Type { get; set; } = "SCHEMA_CHANGE";

    [JsonPropertyName("dbId")] public long DbId { get; set; }

    [JsonPropertyName("tableId")] public long TableId { get; set; }

    [JsonPropertyName("tableName")] public string TableName { get; set; } = string.Empty;

    [JsonPropertyName("jobId")] public long JobId { get; set; }

    [JsonPropertyName("jobState")] public string JobState { get; set; } = "PENDING";

    [JsonPropertyName("rawSql")] public string RawSql { get; set; } = string.Empty;

    [JsonPropertyName("iim")] public Dictionary<long, long> ShadowToOriginIndex { get; set; } = [];

    /// <summary>ROLLUP jobs: the rollup index id (Gson writes the primitive, 0 for a schema change).</summary>
    [JsonPropertyName("rollupIndexId")] public long RollupIndexId { get; set; }

    /// <summary>ROLLUP jobs: the rollup's name (key spelled as Doris spells it).</summary>
    [JsonPropertyName("rollUpIndexName")] public string? RollUpIndexName { get; set; }

    /// <summary>ROLLUP jobs: the base index id (key spelled as Doris spells it; 0 for a schema change).</summary>
    [JsonPropertyName("baseIndexid")] public long BaseIndexId { get; set; }

    [JsonPropertyName("baseIndexName")] public string? BaseIndexName { get; set; }
}
