using System.Text.Json.Serialization;

namespace Syncer.Jobs;

/// <summary>How long a job runs (<c>mode</c> in create_ccr and job_info).</summary>
[JsonConverter(typeof(JobModeConverter))]
public enum JobMode
{
    /// <summary><c>"continuous"</c> (the default, as Doris CCR): the job replicates until it is deleted.</summary>
    Continuous = 0,

    /// <summary>
    /// <c>"once"</c>, a one-shot migration: full sync, then incremental sync until the target has applied everything the
    /// source had committed when the job was created (<see cref="JobInfo.OnceGoalCommitSeq"/>), then the job is
    /// <see cref="JobState.Done"/> with a <see cref="MigrationSummary"/>.
    /// </summary>
    Once = 1,
}

/// <summary>JSON words of <see cref="JobMode"/>.</summary>
public sealed class JobModeConverter() : ChoiceConverter<JobMode>(("continuous", JobMode.Continuous), ("once", JobMode.Once));
