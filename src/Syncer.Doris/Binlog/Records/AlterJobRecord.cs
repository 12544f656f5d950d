using System.Text.Json.Serialization;

namespace Syncer.Doris.Binlog.Records;

/// <summary>
/// ALTER_JOB payload (Doris binlog/AlterJobRecord): one persisted state of an alter job. A schema change carries the
/// shadow→origin index map (<c>iim</c>); a rollup carries the rollup and base index ids and names. The two ids are Java
/// long primitives, so Gson writes them (0) for every job; the names and the map are omitted when null.
/// </summary>
public sealed class AlterJobRecord
{
    [JsonPropertyName("type")] public string Type { get; set; } = "SCHEMA_CHANGE";

    [JsonPropertyName("dbId")] public long DbId { get; set; }

    [JsonPropertyName("tableId")] public long TableId { get; set; }

    [JsonPropertyName("tableName")] public string TableName { get; set; } = string.Empty;

    [JsonPropertyName("jobId")] public long JobId { get; set; }

    [JsonPropertyName("jobState")] public string JobState { get; set; } = "PENDING";

    [JsonPropertyName("rawSql")] public string RawSql { get; set; } = string.Empty;

    [JsonPropertyName("iim")] public Dictionary<long, long>? ShadowToOriginIndex { get; set; }

    [JsonPropertyName("rollupIndexId")] public long RollupIndexId { get; set; }

    [JsonPropertyName("rollUpIndexName")] public string? RollUpIndexName { get; set; }

    [JsonPropertyName("baseIndexid")] public long BaseIndexId { get; set; }

    [JsonPropertyName("baseIndexName")] public string? BaseIndexName { get; set; }
}
