using System.Text.Json.Serialization;

namespace Syncer.Api;

/// <summary><c>/features</c>.</summary>
public sealed record FeaturesResult(
    [property: JsonPropertyName("success")] bool Success,
    [property: JsonPropertyName("flags")] IReadOnlyList<FeatureView> Flags);
