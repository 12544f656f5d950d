using System.Text.Json.Serialization;

namespace Syncer.Jobs;

/// <summary>
/// The persisted checkpoint of a job (the <c>progresses</c> row), with the Go syncer's JSON field names so
/// <c>/job_progress</c> output and existing Go stores stay readable. The sync engine owns its evolution;
/// the service creates the first one and reads <see cref="SyncState"/> for <c>/job_status</c>.
/// </summary>
public sealed record JobProgress
{
    /// <summary>Job name.</summary>
    [JsonPropertyName("job_name")] public string JobName { get; init; } = "";

    /// <summary>Current phase.</summary>
    [JsonPropertyName("sync_state")] public SyncState SyncState { get; init; }

    /// <summary>Current step within the phase.</summary>
    [JsonPropertyName("sub_sync_state")] public SubSyncState SubSyncState { get; init; } = SubSyncState.Done;

    /// <summary>Last binlog commit seq fully applied on the destination.</summary>
    [JsonPropertyName("prev_commit_seq")] public long PrevCommitSeq { get; init; }

    /// <summary>Commit seq being handled (equals <see cref="PrevCommitSeq"/> when idle).</summary>
    [JsonPropertyName("commit_seq")] public long CommitSeq { get; init; }

    /// <summary>DB sync: source table id → destination table id.</summary>
    [JsonPropertyName("table_mapping")] public Dictionary<long, long>? TableMapping { get; init; }

    /// <summary>
    /// DB sync: source table id → the table's name on the target (the same name it had on the source when the binlogs
    /// replayed so far were written; DDL handlers name target tables by it). Not in the Go syncer, which looked names up
    /// by id on every binlog.
    /// </summary>
    [JsonPropertyName("table_names"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public Dictionary<long, string>? TableNames { get; init; }

    /// <summary>DB sync: source table id → commit seq contained in the last snapshot.</summary>
    [JsonPropertyName("table_commit_seq_map")] public Dictionary<long, long>? TableCommitSeqMap { get; init; }

    /// <summary>Step-specific data (snapshot name, restore label, or a JSON blob).</summary>
    [JsonPropertyName("data")] public string Data { get; init; } = "";

    /// <summary>Target of a pending partial sync.</summary>
    [JsonPropertyName("partial_sync_data"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public PartialSyncData? PartialSyncData { get; init; }

    /// <summary>Table name → temporary alias <c>__ccr_&lt;table&gt;_&lt;ts&gt;</c> a restore goes into before the swap.</summary>
    [JsonPropertyName("table_aliases"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public Dictionary<string, string>? TableAliases { get; init; }

    /// <summary>Shadow index id → origin index id of schema changes still running on the source.</summary>
    [JsonPropertyName("shadow_index_map"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public Dictionary<long, long>? ShadowIndexMap { get; init; }

    /// <summary>Partitions a partial sync restored, skipped by upserts up to the snapshot's seq (not in the Go syncer).</summary>
    [JsonPropertyName("partition_filter"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public PartitionFilter? PartitionFilter { get; init; }

    /// <summary>Database job: binlogs of tables outside its include/exclude filter, marked done without being applied (not in the Go syncer).</summary>
    [JsonPropertyName("filtered_binlogs"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] public long FilteredBinlogs { get; init; }

    /// <summary>Unix seconds when the job was created.</summary>
    [JsonPropertyName("created_at"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] public long CreatedAt { get; init; }

    /// <summary>Unix seconds when the current full sync started.</summary>
    [JsonPropertyName("full_sync_start_at"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] public long FullSyncStartAt { get; init; }

    /// <summary>Unix seconds when incremental sync started.</summary>
    [JsonPropertyName("incremental_sync_start_at"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] public long IncrementalSyncStartAt { get; init; }

    /// <summary>Unix seconds of the last ingest.</summary>
    [JsonPropertyName("ingest_binlog_at"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] public long IngestBinlogAt { get; init; }

    /// <summary>
    /// The checkpoint of a new job: a full sync about to create its first snapshot at commit seq 0, exactly
    /// what the Go syncer persists when a job first runs.
    /// </summary>
    public static JobProgress Initial(string jobName, SyncType syncType, DateTimeOffset now) => new()
    {
        JobName = jobName,
        SyncState = syncType == SyncType.TableSync ? SyncState.TableFullSync : SyncState.DBFullSync,
        SubSyncState = SubSyncState.BeginCreateSnapshot,
        CreatedAt = now.ToUnixTimeSeconds(),
        FullSyncStartAt = now.ToUnixTimeSeconds(),
    };
}
