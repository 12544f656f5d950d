using System.Text.Json.Serialization;

namespace Syncer.Api;

/// <summary><c>/healthz</c>: the store's reachability plus this instance's high-availability state.</summary>
public sealed record HealthResult(
    [property: JsonPropertyName("success")] bool Success,
    [property: JsonPropertyName("status")] string Status,
    [property: JsonPropertyName("error_msg"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? ErrorMsg = null)
{
    /// <summary>Whether this instance holds the leader lease.</summary>
    [JsonPropertyName("is_leader")]
    public bool IsLeader { get; init; }

    /// <summary>Jobs this instance owns and runs.</summary>
    [JsonPropertyName("owned_jobs")]
    public int OwnedJobs { get; init; }

    /// <summary>Seconds since this instance last renewed its lease.</summary>
    [JsonPropertyName("lease_age_seconds"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public double? LeaseAgeSeconds { get; init; }
}
