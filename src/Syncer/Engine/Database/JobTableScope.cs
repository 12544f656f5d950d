using Syncer.Jobs;

namespace Syncer.Engine.Database;

/// <summary>
/// Decides whether a source table (or view) belongs to a job. Every place that chooses tables asks here: the database
/// full sync's backup list, CREATE_TABLE, and the resolution of unmapped table ids. Include/exclude filters hook in
/// here and nowhere else.
/// </summary>
public static class JobTableScope
{
    /// <summary>Prefix of the hidden table a Doris atomic restore builds beside the real one.</summary>
    public const string AtomicRestorePrefix = "__doris_atomic_restore_prefix__";

    /// <summary>Prefix of the aliases this syncer restores into before swapping them in (<see cref="Labels.Alias"/>).</summary>
    public const string SyncerAliasPrefix = "__ccr_";

    /// <summary>Whether the source table named <paramref name="sourceTable"/> is replicated by <paramref name="job"/>.</summary>
    public static bool Includes(JobInfo job, string sourceTable)
    {
        ArgumentNullException.ThrowIfNull(job);
        ArgumentNullException.ThrowIfNull(sourceTable);
        if (job.SyncType == SyncType.TableSync) return sourceTable == job.Src.Table;
        // Internal tables of a restore in progress are never replicated: they vanish when the restore ends.
        return !sourceTable.StartsWith(AtomicRestorePrefix, StringComparison.Ordinal)
            && !sourceTable.StartsWith(SyncerAliasPrefix, StringComparison.Ordinal);
    }
}
