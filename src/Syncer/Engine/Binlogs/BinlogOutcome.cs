using Syncer.Jobs;

namespace Syncer.Engine.Binlogs;

/// <summary>What applying a binlog came to; the job runner turns it into the next persisted progress.</summary>
public abstract record BinlogOutcome
{
    /// <summary>Applied on the target; <paramref name="Update"/> edits the progress in the same write (e.g. shadow indexes);
    /// <paramref name="JobUpdate"/> edits the job's definition (e.g. the source table's new name after a rename).</summary>
    public sealed record Applied(Func<JobProgress, JobProgress>? Update = null, Func<JobInfo, JobInfo>? JobUpdate = null) : BinlogOutcome;

    /// <summary>Nothing to do on the target (another table's binlog, a plain barrier, an ignored type); logged with its reason.</summary>
    public sealed record Skipped(string Reason) : BinlogOutcome;

    /// <summary>
    /// A source drop (table or partition) deliberately not replayed because the job's <c>drop_policy</c> is <c>keep</c>:
    /// marked done like <see cref="Skipped"/>, and counted (<c>ccr_job_kept_drops_total</c>).
    /// </summary>
    public sealed record Kept(string Reason, Func<JobProgress, JobProgress>? Update = null) : BinlogOutcome;

    /// <summary>
    /// A binlog of a table outside a database job's include/exclude filter: marked done without touching the target, and
    /// counted in the progress (<c>filtered_binlogs</c>) and <c>ccr_job_filtered_binlogs_total</c>.
    /// </summary>
    public sealed record Filtered(string Reason) : BinlogOutcome;

    /// <summary>The target can only be brought level by a full sync starting at this binlog (DUMMY, a rollup, a non-strict partition replace).</summary>
    public sealed record FullSyncNeeded(string Reason) : BinlogOutcome;

    /// <summary>
    /// A backup/restore of part of one table brings the target level (a finished schema change, a strict partition replace).
    /// <paramref name="Update"/> edits the progress in the same write that schedules the partial sync (a finished schema
    /// change forgets its shadow indexes, whose ids now name the table's real indexes).
    /// </summary>
    public sealed record PartialSyncNeeded(PartialSyncData Target, string Reason, Func<JobProgress, JobProgress>? Update = null) : BinlogOutcome;

    /// <summary>Shared instance for the common case.</summary>
    public static BinlogOutcome Done { get; } = new Applied();
}
