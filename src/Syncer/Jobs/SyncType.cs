namespace Syncer.Jobs;

/// <summary>What a job replicates; stored as this integer in job_info <c>sync_type</c>.</summary>
public enum SyncType
{
    /// <summary>A whole database (<c>src.table</c> empty).</summary>
    DbSync = 0,
    /// <summary>One table (<c>src.table</c> set).</summary>
    TableSync = 1,
}
