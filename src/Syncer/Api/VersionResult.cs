using System.Text.Json.Serialization;

namespace Syncer.Api;

/// <summary><c>/version</c>.</summary>
public sealed record VersionResult([property: JsonPropertyName("version")] string Version);
