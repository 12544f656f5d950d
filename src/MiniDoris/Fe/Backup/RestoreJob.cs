namespace MiniDoris.Fe.Backup;

/// <summary>A restore of a local snapshot (restoreSnapshot RPC) and its plan.</summary>
public sealed class RestoreJob : BackupRestoreJob
{
    public const string Pending = "PENDING";
    public const string Snapshoting = "SNAPSHOTING";
    public const string Download = "DOWNLOAD";
    public const string Downloading = "DOWNLOADING";
    public const string Commit = "COMMIT";
    public const string Committing = "COMMITTING";
    public const string Finished = "FINISHED";
    public const string Cancelled = "CANCELLED";

    /// <summary>The prefix of the hidden table an atomic restore builds (RestoreJob.tableAliasWithAtomicRestore).</summary>
    public const string AtomicRestorePrefix = "__doris_atomic_restore_prefix__";

    /// <summary>The backup time of the snapshot, as SHOW RESTORE's Timestamp prints it.</summary>
    public string BackupTimestamp { get; set; } = string.Empty;

    public bool AllowLoad { get; set; }

    public short ReplicationNum { get; set; } = 3;

    public bool ReserveReplica { get; set; }

    public bool ReserveDynamicPartitionEnable { get; set; }

    public bool IsBeingSynced { get; set; }

    public bool CleanTables { get; set; }

    public bool CleanPartitions { get; set; }

    public bool AtomicRestore { get; set; }

    public bool ForceReplace { get; set; }

    public long MetaPreparedTime { get; set; } = -1;

    public long SnapshotFinishedTime { get; set; } = -1;

    public long DownloadFinishedTime { get; set; } = -1;

    /// <summary>The job_info JSON as the request carried it (with extra_info), after table_refs filtering.</summary>
    public string JobInfo { get; set; } = string.Empty;

    public byte[] Meta { get; set; } = [];

    /// <summary>Source table name → target name, from table_refs aliases.</summary>
    public Dictionary<string, string> Aliases { get; set; } = [];

    /// <summary>What PENDING decided: the tables and partitions to fill.</summary>
    public List<RestoreTablePlan> Tables { get; set; } = [];

    /// <summary>Views the restore created (dropped again if the job is cancelled).</summary>
    public List<long> CreatedViewIds { get; set; } = [];

    /// <summary>Tables of the db not in the snapshot, dropped at commit (clean_tables).</summary>
    public List<long> DropTableIds { get; set; } = [];

    /// <summary>Download tasks still to finish (task key → description), shown as UnfinishedTasks.</summary>
    public List<string> UnfinishedTasks { get; set; } = [];

    public int TotalTasks { get; set; }

    public override bool IsDone => State is Finished or Cancelled;

    public string TargetName(string sourceName) => Aliases.GetValueOrDefault(sourceName) ?? sourceName;
}

/// <summary>One table a restore fills: a new table it created (maybe under the atomic-restore name) or an existing one.</summary>
public sealed class RestoreTablePlan
{
    public string SourceName { get; set; } = string.Empty;

    /// <summary>The name the table has in the end.</summary>
    public string TargetName { get; set; } = string.Empty;

    public long TableId { get; set; }

    /// <summary>True when the restore created the table (dropped again if the job is cancelled).</summary>
    public bool Created { get; set; }

    /// <summary>For an atomic restore (or force_replace): the existing table the new one replaces at commit.</summary>
    public long? ReplacesTableId { get; set; }

    public List<RestorePartitionPlan> Partitions { get; set; } = [];

    /// <summary>Partitions of an existing table to drop at commit (clean_partitions).</summary>
    public List<long> DropPartitionIds { get; set; } = [];
}

/// <summary>One partition a restore fills, and where each of its tablets comes from.</summary>
public sealed class RestorePartitionPlan
{
    public string Name { get; set; } = string.Empty;

    public long PartitionId { get; set; }

    /// <summary>The partition's visible version in the snapshot; the target partition takes it.</summary>
    public long Version { get; set; }

    /// <summary>True when the restore added this partition to an existing table.</summary>
    public bool Created { get; set; }

    public List<RestoreTabletPlan> Tablets { get; set; } = [];
}

/// <summary>A target tablet and the source tablet snapshot it is filled from.</summary>
public sealed class RestoreTabletPlan
{
    public long TabletId { get; set; }

    public long SourceTabletId { get; set; }

    public int SourceSchemaHash { get; set; }
}
