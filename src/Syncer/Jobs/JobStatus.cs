using System.Text.Json.Serialization;

namespace Syncer.Jobs;

/// <summary>
/// The <c>status</c> object of <c>/job_status</c>: the Go syncer's three fields, then what the sync engine reports
/// (applied position, the failure it is retrying and since when, the last progress), each left out when unknown.
/// </summary>
public sealed record JobStatus(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("state")] string State,
    [property: JsonPropertyName("progress_state")] string ProgressState)
{
    /// <summary>Last binlog commit seq applied on the target.</summary>
    [JsonPropertyName("prev_commit_seq"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public long? PrevCommitSeq { get; init; }

    /// <summary>Commit seq being handled.</summary>
    [JsonPropertyName("commit_seq"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public long? CommitSeq { get; init; }

    /// <summary>The error of the step being retried, absent while the job makes progress.</summary>
    [JsonPropertyName("last_error"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? LastError { get; init; }

    /// <summary>Failed attempts of that step.</summary>
    [JsonPropertyName("failed_attempts"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public int? FailedAttempts { get; init; }

    /// <summary>Unix seconds since the step has been failing.</summary>
    [JsonPropertyName("failing_since"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public long? FailingSince { get; init; }

    /// <summary>Unix seconds of the job's last persisted progress.</summary>
    [JsonPropertyName("last_progress_at"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public long? LastProgressAt { get; init; }

    /// <summary><c>once</c> for a one-shot migration; absent for a continuous job.</summary>
    [JsonPropertyName("mode"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? Mode { get; init; }

    /// <summary>Why the engine paused the job (schema drift under <c>schema_drift_policy: stop</c>).</summary>
    [JsonPropertyName("pause_reason"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? PauseReason { get; init; }

    /// <summary>Database job: binlogs of tables outside its filter, marked done without being applied.</summary>
    [JsonPropertyName("filtered_binlogs"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public long? FilteredBinlogs { get; init; }

    /// <summary>A finished one-shot migration's summary (state <c>done</c>).</summary>
    [JsonPropertyName("summary"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public MigrationSummary? Summary { get; init; }
}
