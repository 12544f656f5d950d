using System.Text.Json.Serialization;
using Syncer.Jobs;

namespace Syncer.Api;

/// <summary><c>/job_status</c>: <c>status</c> only on success.</summary>
public sealed record JobStatusResult(
    [property: JsonPropertyName("success")] bool Success,
    [property: JsonPropertyName("error_msg"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? ErrorMsg,
    [property: JsonPropertyName("status"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] JobStatus? Status);
