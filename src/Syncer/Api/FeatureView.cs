using System.Text.Json.Serialization;

namespace Syncer.Api;

/// <summary>One entry of <c>/features</c>: current value, and the default as the text "true"/"false" (Go shape).</summary>
public sealed record FeatureView(
    [property: JsonPropertyName("feature")] string Feature,
    [property: JsonPropertyName("value")] bool Value,
    [property: JsonPropertyName("default")] string Default);
