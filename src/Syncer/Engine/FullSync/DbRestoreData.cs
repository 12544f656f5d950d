using System.Text.Json.Serialization;

namespace Syncer.Engine.FullSync;

/// <summary>One table or view in a database snapshot: its source id and name.</summary>
public sealed record SnapshotTable
{
    /// <summary>Source table id.</summary>
    [JsonPropertyName("id")] public long Id { get; init; }

    /// <summary>Name (the same on the target).</summary>
    [JsonPropertyName("name")] public string Name { get; init; } = "";

    /// <summary>Whether it is a view.</summary>
    [JsonPropertyName("view"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] public bool IsView { get; init; }
}

/// <summary>
/// The persisted data of a database job's restore step (full sync of the database, or partial sync of one table): the
/// snapshot, the restore label (named before restoreSnapshot is sent), what the snapshot holds, and the aliases of
/// tables restored beside a target table of another schema.
/// </summary>
public sealed record DbRestoreData
{
    /// <summary>The BACKUP snapshot name on the source.</summary>
    [JsonPropertyName("snapshot_name")] public string SnapshotName { get; init; } = "";

    /// <summary>The restore label on the target.</summary>
    [JsonPropertyName("restore_label")] public string RestoreLabel { get; init; } = "";

    /// <summary>Where incremental sync resumes: the smallest table commit seq of a full snapshot.</summary>
    [JsonPropertyName("commit_seq")] public long CommitSeq { get; init; }

    /// <summary>Source table id → its commit seq inside the snapshot.</summary>
    [JsonPropertyName("table_commit_seq_map")] public Dictionary<long, long> TableCommitSeqMap { get; init; } = [];

    /// <summary>The tables and views the snapshot holds.</summary>
    [JsonPropertyName("tables")] public IReadOnlyList<SnapshotTable> Tables { get; init; } = [];

    /// <summary>Table name → alias it is restored into (a target table of another schema), swapped in afterwards.</summary>
    [JsonPropertyName("aliases")] public Dictionary<string, string> Aliases { get; init; } = [];

    /// <summary>Partial sync of partitions: their range strings.</summary>
    [JsonPropertyName("ranges"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public IReadOnlyList<string>? Ranges { get; init; }
}
