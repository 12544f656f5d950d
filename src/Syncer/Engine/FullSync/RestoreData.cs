using System.Text.Json.Serialization;

namespace Syncer.Engine.FullSync;

/// <summary>
/// The persisted data of the restore step: which snapshot is being restored under which label, and the source table's
/// commit seq inside it (where incremental sync resumes). The label is chosen and saved before restoreSnapshot is
/// sent, so a restarted syncer finds its own restore with SHOW RESTORE instead of starting a second one.
/// </summary>
public sealed record RestoreData
{
    /// <summary>The BACKUP snapshot name on the source.</summary>
    [JsonPropertyName("snapshot_name")] public string SnapshotName { get; init; } = "";

    /// <summary>The restore label on the target.</summary>
    [JsonPropertyName("restore_label")] public string RestoreLabel { get; init; } = "";

    /// <summary>The source table's commit seq in the snapshot.</summary>
    [JsonPropertyName("commit_seq")] public long CommitSeq { get; init; }

    /// <summary>Target name the restore goes into when it is not the job's target table (signature mismatch); swapped in afterwards.</summary>
    [JsonPropertyName("alias"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? Alias { get; init; }

    /// <summary>Partial sync: the range strings of the partitions restored.</summary>
    [JsonPropertyName("ranges"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public IReadOnlyList<string>? Ranges { get; init; }
}
