using System.Text.Json.Serialization;

namespace Syncer.Api;

/// <summary><c>/get_lag</c>: <c>lag</c> (binlogs) is always present (0 on failure); <c>lag_seconds</c> on success.</summary>
public sealed record LagResult(
    [property: JsonPropertyName("success")] bool Success,
    [property: JsonPropertyName("error_msg"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? ErrorMsg,
    [property: JsonPropertyName("lag")] long Lag)
{
    /// <summary>Seconds since the oldest binlog the job has not applied was committed on the source (0 when caught up); not in the Go syncer.</summary>
    [JsonPropertyName("lag_seconds"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public double? LagSeconds { get; init; }
}
