namespace Syncer.Jobs;

/// <summary>The user-controlled state of a job; stored as this integer in job_info <c>state</c>.</summary>
public enum JobState
{
    /// <summary>Syncing (shown as <c>running</c>).</summary>
    Running = 0,
    /// <summary>Paused by <c>/pause</c> (shown as <c>paused</c>).</summary>
    Paused = 1,
}
