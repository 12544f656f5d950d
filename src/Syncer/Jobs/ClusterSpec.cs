using System.Text.Json.Serialization;

namespace Syncer.Jobs;

/// <summary>
/// One end of a job (<c>src</c> or <c>dest</c>) with the Go syncer's JSON field names and order. Ports are
/// strings in the JSON (numbers are accepted on input). <see cref="DbId"/>/<see cref="TableId"/> and
/// <see cref="Frontends"/> are filled in at creation.
/// </summary>
public sealed record ClusterSpec
{
    /// <summary>FE host used for SQL and as the first Thrift address.</summary>
    [JsonPropertyName("host")] public string Host { get; init; } = "";

    /// <summary>FE MySQL (query) port.</summary>
    [JsonPropertyName("port"), JsonConverter(typeof(FlexibleStringConverter))] public string Port { get; init; } = "";

    /// <summary>FE Thrift RPC port.</summary>
    [JsonPropertyName("thrift_port"), JsonConverter(typeof(FlexibleStringConverter))] public string ThriftPort { get; init; } = "";

    /// <summary>Flattened from the Go syncer's embedded frontend record; not used.</summary>
    [JsonPropertyName("is_master")] public bool IsMaster { get; init; }

    /// <summary>The cluster's FEs, listed at creation; fallback addresses for Thrift calls.</summary>
    [JsonPropertyName("frontends"), JsonConverter(typeof(NullAsEmptyListConverter<FrontendSpec>))] public IReadOnlyList<FrontendSpec> Frontends { get; init; } = [];

    /// <summary>User for SQL and for every Thrift request.</summary>
    [JsonPropertyName("user")] public string User { get; init; } = "";

    /// <summary>Password for SQL and Thrift; encrypted at rest, never returned by the API.</summary>
    [JsonPropertyName("password")] public string Password { get; init; } = "";

    /// <summary>Legacy Doris cluster name (normally empty).</summary>
    [JsonPropertyName("cluster")] public string Cluster { get; init; } = "";

    /// <summary>Database name.</summary>
    [JsonPropertyName("database")] public string Database { get; init; } = "";

    /// <summary>Database id, resolved at creation.</summary>
    [JsonPropertyName("db_id")] public long DbId { get; init; }

    /// <summary>Table name; empty for a DB sync.</summary>
    [JsonPropertyName("table")] public string Table { get; init; } = "";

    /// <summary>Table id, resolved at creation (source) and after full syncs (destination).</summary>
    [JsonPropertyName("table_id")] public long TableId { get; init; }

    /// <summary>The MySQL port as a number (valid after <see cref="JobValidation"/>).</summary>
    [JsonIgnore] public int QueryPort => int.TryParse(Port, out var p) ? p : 0;

    /// <summary>"host:port" for messages.</summary>
    [JsonIgnore] public string Address => $"{Host}:{Port}";

    /// <inheritdoc />
    public override string ToString() => $"{User}@{Host}:{Port}/{Database}{(Table.Length > 0 ? "." + Table : "")}";
}
