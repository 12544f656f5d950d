namespace Syncer.Jobs;

/// <summary>The sync engine's phase, stored as this integer in the progress <c>sync_state</c>; <c>/job_status</c> shows the name.</summary>
public enum SyncState
{
    /// <summary>DB job: backup of every table on the source, restore on the destination.</summary>
    DBFullSync = 0,
    /// <summary>DB job replaying binlogs while some tables' snapshot seqs are still ahead.</summary>
    DBTablesIncrementalSync = 1,
    /// <summary>Defined by the Go syncer, unused.</summary>
    DBSpecificTableFullSync = 2,
    /// <summary>DB job replaying binlogs.</summary>
    DBIncrementalSync = 3,
    /// <summary>DB job backing up and restoring one table or some partitions.</summary>
    DBPartialSync = 4,
    /// <summary>Table job full backup/restore.</summary>
    TableFullSync = 500,
    /// <summary>Table job replaying binlogs.</summary>
    TableIncrementalSync = 501,
    /// <summary>Table job partial backup/restore.</summary>
    TablePartialSync = 502,
}
