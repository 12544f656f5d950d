using System.Text.Json.Serialization;

namespace Syncer.Doris.Binlog.Records;

/// <summary>ALTER_DATABASE_PROPERTY payload.</summary>
public sealed class AlterDatabasePropertyInfo
{
    [JsonPropertyName("dbId")] public long DbId { get; set; }

    [JsonPropertyName("dbName")] public string DbName { get; set; } = string.Empty;

    [JsonPropertyName("properties")] public Dictionary<string, string> Properties { get; set; } = [];
}
