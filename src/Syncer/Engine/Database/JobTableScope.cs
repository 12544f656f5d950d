using System.Runtime.CompilerServices;
using Syncer.Jobs;

namespace Syncer.Engine.Database;

/// <summary>
/// Decides whether a source table (or view) belongs to a job. Every place that chooses tables asks here: the database
/// full sync's backup list, CREATE_TABLE, and the resolution of unmapped table ids. Include/exclude filters
/// (<see cref="TableFilter"/>) hook in here and nowhere else.
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
            && !sourceTable.StartsWith(SyncerAliasPrefix, StringComparison.Ordinal)
            && !FilterExcludes(job, sourceTable);
    }

    /// <summary>
    /// Whether the database job's <c>include_tables</c>/<c>exclude_tables</c> leave <paramref name="sourceTable"/> out: its
    /// binlogs are then <see cref="Binlogs.BinlogOutcome.Filtered"/> (counted), not merely another job's business.
    /// </summary>
    public static bool FilterExcludes(JobInfo job, string sourceTable)
    {
        ArgumentNullException.ThrowIfNull(job);
        ArgumentNullException.ThrowIfNull(sourceTable);
        return job.SyncType == SyncType.DbSync && !FilterOf(job).Includes(sourceTable);
    }

    // Parsed once per job definition (a JobInfo is immutable; a new one comes with every job_info write).
    private static readonly ConditionalWeakTable<JobInfo, TableFilter> Filters = new();

    private static TableFilter FilterOf(JobInfo job) => Filters.GetValue(job, TableFilter.Of);
}
