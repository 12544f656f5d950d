using System.Text.Json.Serialization;

namespace Syncer.Api;

/// <summary><c>/update_job</c>: <c>{"name", "skip_error"}</c>.</summary>
public sealed record UpdateJobRequest : JobNameRequest
{
    /// <summary>New skip_error; required (null means the caller did not send it).</summary>
    [JsonPropertyName("skip_error")] public bool? SkipError { get; init; }
}
