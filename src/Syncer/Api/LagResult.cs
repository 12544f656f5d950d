using System.Text.Json.Serialization;

namespace Syncer.Api;

/// <summary><c>/get_lag</c>: <c>lag</c> is always present (0 on failure).</summary>
public sealed record LagResult(
    [property: JsonPropertyName("success")] bool Success,
    [property: JsonPropertyName("error_msg"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? ErrorMsg,
    [property: JsonPropertyName("lag")] long Lag);
