using System.Text.Json.Serialization;

namespace Syncer.Api;

/// <summary>The body of every job-scoped endpoint: <c>{"name": "…"}</c>.</summary>
public record JobNameRequest
{
    /// <summary>Job name.</summary>
    [JsonPropertyName("name")] public string? Name { get; init; }
}
