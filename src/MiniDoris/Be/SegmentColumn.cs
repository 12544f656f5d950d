using System.Text.Json.Serialization;

namespace MiniDoris.Be;

/// <summary>A column of a segment file: its unique id (stable across renames), name and type.</summary>
public sealed class SegmentColumn
{
    [JsonPropertyName("unique_id")] public int UniqueId { get; set; }

    [JsonPropertyName("name")] public string Name { get; set; } = string.Empty;

    [JsonPropertyName("type")] public string Type { get; set; } = string.Empty;
}
