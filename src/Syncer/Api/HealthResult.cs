using System.Text.Json.Serialization;

namespace Syncer.Api;

/// <summary><c>/healthz</c>.</summary>
public sealed record HealthResult(
    [property: JsonPropertyName("success")] bool Success,
    [property: JsonPropertyName("status")] string Status,
    [property: JsonPropertyName("error_msg"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? ErrorMsg = null);
