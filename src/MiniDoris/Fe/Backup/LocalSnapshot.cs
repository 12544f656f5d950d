namespace MiniDoris.Fe.Backup;

/// <summary>
/// A finished local snapshot, registered under its label as Doris's BackupHandler keeps them (one per label,
/// across dbs). Its meta and job_info blobs and the BE snapshot files live in the store until it expires.
/// </summary>
public sealed class LocalSnapshot
{
    public string Label { get; set; } = string.Empty;

    public long DbId { get; set; }

    public long JobId { get; set; }

    public long CreateTime { get; set; }

    public long ExpireAt { get; set; }

    public long CommitSeq { get; set; }

    /// <summary>Set once expired: the BE snapshot dirs and the blobs were released.</summary>
    public bool Released { get; set; }

    /// <summary>Where the meta blob is stored.</summary>
    public string MetaPath => SnapshotPaths.FeBlob(JobId, "meta");

    /// <summary>Where the job_info blob is stored.</summary>
    public string JobInfoPath => SnapshotPaths.FeBlob(JobId, "job_info");
}
