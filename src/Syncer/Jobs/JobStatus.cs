using System.Text.Json.Serialization;

namespace Syncer.Jobs;

/// <summary>The <c>status</c> object of <c>/job_status</c>.</summary>
public sealed record JobStatus(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("state")] string State,
    [property: JsonPropertyName("progress_state")] string ProgressState);
