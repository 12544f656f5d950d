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

    /// <summary><c>"continuous"</c> (default) or <c>"once"</c>; any other word is a 400.</summary>
    [JsonPropertyName("mode")] public JobMode Mode { get; init; }

    /// <summary>Database job only: tables (names or globs) to replicate; absent or empty = every table.</summary>
    [JsonPropertyName("include_tables")] public IReadOnlyList<string>? IncludeTables { get; init; }

    /// <summary>Database job only: tables (names or globs) not to replicate.</summary>
    [JsonPropertyName("exclude_tables")] public IReadOnlyList<string>? ExcludeTables { get; init; }

    /// <summary><c>"propagate"</c> (default) or <c>"keep"</c>; any other word is a 400.</summary>
    [JsonPropertyName("drop_policy")] public DropPolicy DropPolicy { get; init; }

    /// <summary><c>"replace"</c> (default) or <c>"stop"</c>; any other word is a 400.</summary>
    [JsonPropertyName("schema_drift_policy")] public SchemaDriftPolicy SchemaDriftPolicy { get; init; }
}
