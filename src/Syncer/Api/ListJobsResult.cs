using System.Text.Json.Serialization;

namespace Syncer.Api;

/// <summary>
/// <c>/list_jobs</c>: <c>jobs</c> (names, as the Go syncer answers) omitted when there are none (Go's omitempty), and
/// <c>job_owners</c> with each job's owner and epoch.
/// </summary>
public sealed record ListJobsResult(
    [property: JsonPropertyName("success")] bool Success,
    [property: JsonPropertyName("error_msg"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? ErrorMsg,
    [property: JsonPropertyName("jobs"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<string>? Jobs)
{
    /// <summary>Every job with its owner instance and owner epoch.</summary>
    [JsonPropertyName("job_owners"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<JobOwnerView>? JobOwners { get; init; }

    /// <summary>Not in the Go syncer: each job's user state (<c>running</c>, <c>paused</c>, <c>done</c>) by name.</summary>
    [JsonPropertyName("job_states"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyDictionary<string, string>? JobStates { get; init; }
}
