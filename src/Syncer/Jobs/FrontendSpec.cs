using System.Text.Json.Serialization;

namespace Syncer.Jobs;

/// <summary>One FE of a cluster: the MySQL query port and the Thrift RPC port (ports are strings in the JSON, as in Go).</summary>
public sealed record FrontendSpec
{
    /// <summary>FE host.</summary>
    [JsonPropertyName("host")] public string Host { get; init; } = "";

    /// <summary>MySQL (query) port.</summary>
    [JsonPropertyName("port"), JsonConverter(typeof(FlexibleStringConverter))] public string Port { get; init; } = "";

    /// <summary>Thrift RPC port.</summary>
    [JsonPropertyName("thrift_port"), JsonConverter(typeof(FlexibleStringConverter))] public string ThriftPort { get; init; } = "";

    /// <summary>Whether this FE was the master when listed.</summary>
    [JsonPropertyName("is_master")] public bool IsMaster { get; init; }
}
