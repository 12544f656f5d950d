using System.Text.Json.Serialization;

namespace Syncer.Api;

/// <summary><c>/job_progress</c>: the progress JSON as a string; "" on failure.</summary>
public sealed record JobProgressResult(
    [property: JsonPropertyName("success")] bool Success,
    [property: JsonPropertyName("error_msg"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? ErrorMsg,
    [property: JsonPropertyName("job_progress")] string JobProgress);
