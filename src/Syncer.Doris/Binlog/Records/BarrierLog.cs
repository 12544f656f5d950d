using System.Text.Json.Serialization;

namespace Syncer.Doris.Binlog.Records;

/// <summary>
/// BARRIER payload (Doris persist/BarrierLog). Two shapes exist: the plain barrier BACKUP writes carries the db and
/// table names and no wrapped binlog (Gson still writes the int <c>binlogType</c>, which stays 0); the wrapping
/// barrier carries the type and JSON of a binlog an older FE generation cannot name, and no names. Gson omits the
/// null strings, so each shape has only its own keys.
/// </summary>
public sealed class BarrierLog
{
    [JsonPropertyName("dbId")] public long DbId { get; set; }

    [JsonPropertyName("dbName")] public string? DbName { get; set; }

    [JsonPropertyName("tableId")] public long TableId { get; set; }

    [JsonPropertyName("tableName")] public string? TableName { get; set; }

    /// <summary>The wrapped binlog's TBinlogType value; 0 (the Java int default) in a plain barrier.</summary>
    [JsonPropertyName("binlogType")] public int BinlogType { get; set; }

    /// <summary>The wrapped binlog's JSON; absent in a plain barrier.</summary>
    [JsonPropertyName("binlog")] public string? Binlog { get; set; }

    /// <summary>True when this barrier wraps another binlog (Doris's hasBinlog: the binlog string is set).</summary>
    [JsonIgnore] public bool HasBinlog => Binlog is not null;
}
