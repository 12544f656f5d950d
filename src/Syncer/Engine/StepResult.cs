using Syncer.Jobs;

namespace Syncer.Engine;

/// <summary>What a step came to; the runner persists it (the only writer of job progress) and goes on.</summary>
public abstract record StepResult
{
    /// <summary>
    /// Persist <paramref name="Next"/> (and <paramref name="Info"/>, when the job definition changed) and run the next step at
    /// once. <paramref name="MayDefer"/>: the step is safe to redo from the previous checkpoint (an upsert, protected by its
    /// label) and more binlogs are queued, so the runner may write several such steps at once.
    /// </summary>
    public sealed record Advance(JobProgress Next, JobInfo? Info = null, bool MayDefer = false) : StepResult;

    /// <summary>Every binlog up to <paramref name="CommitSeq"/> is applied: wait until the source may have more.</summary>
    public sealed record CaughtUp(long CommitSeq) : StepResult;

    /// <summary>A one-shot migration reached its goal and was persisted as done: the runner stops for good.</summary>
    public sealed record Finished(MigrationSummary Summary) : StepResult;
}
