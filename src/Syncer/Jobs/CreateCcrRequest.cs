using System.Text.Json.Serialization;

namespace Syncer.Jobs;

/// <summary>The body of <c>/create_ccr</c> (docs/api.md, <c>/create_ccr</c>), same field names as the Go syncer.</summary>
public sealed record CreateCcrRequest
{
    /// <summary>Unique job name.</summary>
    [JsonPropertyName("name")] public string? Name { get; init; }

    /// <summary>Upstream cluster.</summary>
    [JsonPropertyName("src")] public ClusterSpec? Src { get; init; }

    /// <summary>Downstream cluster.</summary>
    [JsonPropertyName("dest")] public ClusterSpec? Dest { get; init; }

    /// <summary>Persisted; skip binlogs that cannot be applied.</summary>
    [JsonPropertyName("skip_error")] public bool SkipError { get; init; }

    /// <summary>Table sync only: accept an existing destination table (creation-time only, not persisted).</summary>
    [JsonPropertyName("allow_table_exists")] public bool AllowTableExists { get; init; }
}
