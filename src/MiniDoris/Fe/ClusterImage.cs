using MiniDoris.Fe.Auth;
using MiniDoris.Fe.Binlog;
using MiniDoris.Fe.Catalog;

namespace MiniDoris.Fe;

/// <summary>
/// Everything of a cluster's FE state that is not a binlog, transaction or rowset row: the catalog, the
/// backends, users, configs and the id counters. Saved as one JSON document after every change.
/// </summary>
public sealed class ClusterImage
{
    /// <summary>Catalog ids (dbs, tables, partitions, indexes, tablets, replicas, jobs) share one counter, as Doris's Env.getNextId.</summary>
    public long NextCatalogId { get; set; } = 10000;

    /// <summary>The edit-log journal id; every binlog takes its commit seq from here.</summary>
    public long NextJournalId { get; set; } = 1;

    public long NextTxnId { get; set; } = 1000;

    public long NextRowsetId { get; set; } = 1;

    public string ClusterName { get; set; } = "minidoris";

    public int ClusterId { get; set; }

    /// <summary>The cluster token getMasterToken returns.</summary>
    public string Token { get; set; } = string.Empty;

    public List<Database> Databases { get; set; } = [];

    /// <summary>What DROP without FORCE keeps for RECOVER.</summary>
    public RecycleBin RecycleBin { get; set; } = new();

    public List<Backend> Backends { get; set; } = [];

    public List<UserAccount> Users { get; set; } = [];

    public Dictionary<string, string> FrontendConfig { get; set; } = [];

    public BinlogImage Binlog { get; set; } = new();

    public List<SchemaChangeJobInfo> AlterJobs { get; set; } = [];

    /// <summary>Backup and restore jobs, oldest first (at most max_backup_restore_job_num_per_db per db).</summary>
    public List<Backup.BackupRestoreJob> BackupJobs { get; set; } = [];

    /// <summary>Finished local snapshots by label (BackupHandler's localSnapshots).</summary>
    public Dictionary<string, Backup.LocalSnapshot> Snapshots { get; set; } = [];

    /// <summary>Per tablet: binlog rowsets up to this version were garbage-collected (BE answers 404 for them).</summary>
    public Dictionary<long, long> BinlogGcVersions { get; set; } = [];
}
