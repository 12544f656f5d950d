using System.Text.Json.Serialization;

namespace Syncer.Api;

/// <summary><c>/job_detail</c>: the job_info JSON as a string (passwords masked); "" on failure.</summary>
public sealed record JobDetailResult(
    [property: JsonPropertyName("success")] bool Success,
    [property: JsonPropertyName("error_msg"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? ErrorMsg,
    [property: JsonPropertyName("job_detail")] string JobDetail);
