using System.Text.Json.Serialization;

namespace Syncer.Jobs;

/// <summary>
/// A job's persisted definition (the <c>job_info</c> JSON of the Go syncer, same field names): what to sync
/// from where to where, and the user state. The sync engine's position lives in the progress, not here.
/// </summary>
public sealed record JobInfo
{
    /// <summary>DB or table sync, derived from <c>src.table</c>.</summary>
    [JsonPropertyName("sync_type")] public SyncType SyncType { get; init; }

    /// <summary>Unique job name.</summary>
    [JsonPropertyName("name")] public string Name { get; init; } = "";

    /// <summary>Upstream cluster.</summary>
    [JsonPropertyName("src")] public ClusterSpec Src { get; init; } = new();

    /// <summary>Downstream cluster.</summary>
    [JsonPropertyName("dest")] public ClusterSpec Dest { get; init; } = new();

    /// <summary>Skip a binlog that cannot be applied instead of retrying it.</summary>
    [JsonPropertyName("skip_error")] public bool SkipError { get; init; }

    /// <summary>Running or paused.</summary>
    [JsonPropertyName("state")] public JobState State { get; init; }

    /// <summary>
    /// Commit seq an operator asked to skip through <c>/job_skip_binlog</c>; the engine marks that binlog
    /// done instead of applying it. Absent (0) when none is pending. Unknown to the Go syncer, which ignores it.
    /// </summary>
    [JsonPropertyName("skip_binlog_commit_seq"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public long SkipBinlogCommitSeq { get; init; }

    /// <summary><c>continuous</c> (default, omitted) or <c>once</c>: a one-shot migration that ends in <see cref="JobState.Done"/>.</summary>
    [JsonPropertyName("mode"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public JobMode Mode { get; init; }

    /// <summary>
    /// One-shot migration: the source's last commit seq when the job was created (getBinlogLag's <c>last_commit_seq</c>),
    /// recorded before the job first runs and never moved by a restart. The job is done once it has applied a binlog at
    /// or past it, or found no binlog left to apply.
    /// </summary>
    [JsonPropertyName("once_goal_commit_seq"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public long OnceGoalCommitSeq { get; init; }

    /// <summary>One-shot migration: what was copied, written when the job became <see cref="JobState.Done"/>.</summary>
    [JsonPropertyName("migration_summary"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public MigrationSummary? MigrationSummary { get; init; }

    /// <summary>Database job: the source tables to replicate (names or <see cref="TablePattern"/> globs); none = every table.</summary>
    [JsonPropertyName("include_tables"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<string>? IncludeTables { get; init; }

    /// <summary>Database job: source tables not to replicate, even when <see cref="IncludeTables"/> names them.</summary>
    [JsonPropertyName("exclude_tables"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<string>? ExcludeTables { get; init; }

    /// <summary>Whether the target drops what the source dropped (default <c>propagate</c>, omitted).</summary>
    [JsonPropertyName("drop_policy"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public DropPolicy DropPolicy { get; init; }

    /// <summary>What a target table that no longer fits the source gets (default <c>replace</c>, omitted).</summary>
    [JsonPropertyName("schema_drift_policy"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public SchemaDriftPolicy SchemaDriftPolicy { get; init; }

    /// <summary>
    /// Why the engine paused the job (schema drift under <c>schema_drift_policy: stop</c>); cleared by /resume. Absent
    /// when the job runs or an operator paused it.
    /// </summary>
    [JsonPropertyName("pause_reason"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? PauseReason { get; init; }

    /// <summary>A copy with both passwords replaced by <paramref name="mask"/> (for /job_detail and logs).</summary>
    public JobInfo WithPasswordsMasked(string mask) => this with
    {
        Src = Src with { Password = Src.Password.Length > 0 ? mask : "" },
        Dest = Dest with { Password = Dest.Password.Length > 0 ? mask : "" },
    };
}
