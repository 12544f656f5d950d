namespace Syncer.Jobs;

/// <summary>The user-controlled state of a job; stored as this integer in job_info <c>state</c>.</summary>
public enum JobState
{
    /// <summary>Syncing (shown as <c>running</c>).</summary>
    Running = 0,
    /// <summary>Paused by <c>/pause</c> (shown as <c>paused</c>).</summary>
    Paused = 1,
    /// <summary>
    /// A one-shot migration (<see cref="JobMode.Once"/>) that reached its goal (shown as <c>done</c>): the job no longer
    /// runs or calls either cluster; its <see cref="JobInfo.MigrationSummary"/> says what was copied. Neither /pause nor
    /// /resume changes it; /delete removes it.
    /// </summary>
    Done = 2,
}
