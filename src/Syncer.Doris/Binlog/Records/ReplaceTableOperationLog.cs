using System.Text.Json.Serialization;

namespace Syncer.Doris.Binlog.Records;

/// <summary>REPLACE_TABLE payload; note <c>newTblName</c> carries the other table's id, as Doris writes it.</summary>
public sealed class ReplaceTableOperationLog
{
    [JsonPropertyName("dbId")] public long DbId { get; set; }

    [JsonPropertyName("origTblId")] public long OrigTblId { get; set; }

    [JsonPropertyName("origTblName")] public string OrigTblName { get; set; } = string.Empty;

    [JsonPropertyName("newTblName")] public long NewTblId { get; set; }

    [JsonPropertyName("actualNewTblName")] public string ActualNewTblName { get; set; } = string.Empty;

    [JsonPropertyName("swapTable")] public bool SwapTable { get; set; }

    [JsonPropertyName("isForce")] public bool IsForce { get; set; }
}
