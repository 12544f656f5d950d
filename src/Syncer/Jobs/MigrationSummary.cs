using System.Text.Json.Serialization;

namespace Syncer.Jobs;

/// <summary>
/// What a one-shot migration copied, written into job_info when the job becomes <see cref="JobState.Done"/> and shown by
/// <c>/job_status</c> as <c>summary</c>. Row counts are <c>COUNT(*)</c> on both clusters at that moment: equal counts
/// after writers were paused are the cutover's verification (docs/operations.md).
/// </summary>
public sealed record MigrationSummary
{
    /// <summary>Unix seconds when the job was created.</summary>
    [JsonPropertyName("started_at")] public long StartedAt { get; init; }

    /// <summary>Unix seconds when it became done.</summary>
    [JsonPropertyName("finished_at")] public long FinishedAt { get; init; }

    /// <summary>Seconds from creation to done.</summary>
    [JsonPropertyName("duration_seconds")] public double DurationSeconds { get; init; }

    /// <summary>The goal: the source's last commit seq when the job was created.</summary>
    [JsonPropertyName("goal_commit_seq")] public long GoalCommitSeq { get; init; }

    /// <summary>The last binlog commit seq the job applied.</summary>
    [JsonPropertyName("final_commit_seq")] public long FinalCommitSeq { get; init; }

    /// <summary>Every table copied, with its row counts.</summary>
    [JsonPropertyName("tables")] public IReadOnlyList<MigratedTable> Tables { get; init; } = [];

    /// <summary>Whether every table has as many rows on the target as on the source.</summary>
    [JsonPropertyName("rows_match")] public bool RowsMatch { get; init; }
}

/// <summary>One table of a <see cref="MigrationSummary"/>.</summary>
public sealed record MigratedTable
{
    /// <summary>Source table name.</summary>
    [JsonPropertyName("source_table")] public string SourceTable { get; init; } = "";

    /// <summary>Target table name.</summary>
    [JsonPropertyName("target_table")] public string TargetTable { get; init; } = "";

    /// <summary>COUNT(*) on the source (-1 when the count failed; see <see cref="Error"/>).</summary>
    [JsonPropertyName("source_rows")] public long SourceRows { get; init; }

    /// <summary>COUNT(*) on the target (-1 when the count failed).</summary>
    [JsonPropertyName("target_rows")] public long TargetRows { get; init; }

    /// <summary>Why a count is missing.</summary>
    [JsonPropertyName("error"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? Error { get; init; }
}
