namespace MiniDoris.Fe.Backup;

/// <summary>A BACKUP SNAPSHOT ... TO __keep_on_local__ job and what it captured.</summary>
public sealed class BackupJob : BackupRestoreJob
{
    public const string Pending = "PENDING";
    public const string Snapshoting = "SNAPSHOTING";
    public const string UploadSnapshot = "UPLOAD_SNAPSHOT";
    public const string Uploading = "UPLOADING";
    public const string SaveMeta = "SAVE_META";
    public const string UploadInfo = "UPLOAD_INFO";
    public const string Finished = "FINISHED";
    public const string Cancelled = "CANCELLED";

    public List<BackupTableRef> TableRefs { get; set; } = [];

    public string Content { get; set; } = "ALL";

    public long SnapshotFinishedTime { get; set; } = -1;

    public long UploadFinishedTime { get; set; } = -1;

    /// <summary>The journal id of the db-level barrier (getSnapshot's commit_seq).</summary>
    public long CommitSeq { get; set; } = -1;

    /// <summary>The BE snapshot directory root of this job (one per job, under each BE's own prefix).</summary>
    public string SnapshotName { get; set; } = string.Empty;

    /// <summary>The job_info JSON (without extra_info), built while snapshotting.</summary>
    public string JobInfo { get; set; } = string.Empty;

    /// <summary>The meta blob (minidoris's BackupMeta), built while snapshotting.</summary>
    public byte[] Meta { get; set; } = [];

    public override bool IsDone => State is Finished or Cancelled;
}
