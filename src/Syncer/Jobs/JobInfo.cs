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

    /// <summary>A copy with both passwords replaced by <paramref name="mask"/> (for /job_detail and logs).</summary>
    public JobInfo WithPasswordsMasked(string mask) => this with
    {
        Src = Src with { Password = Src.Password.Length > 0 ? mask : "" },
        Dest = Dest with { Password = Dest.Password.Length > 0 ? mask : "" },
    };
}
