using System.Text.Json.Serialization;

namespace Syncer.Doris.Binlog.Records;

/// <summary>MODIFY_COMMENT payload: type COLUMN with colToComment, or TABLE with tblComment.</summary>
public sealed class ModifyCommentOperationLog
{
    [JsonPropertyName("type")] public string Type { get; set; } = "TABLE";

    [JsonPropertyName("dbId")] public long DbId { get; set; }

    [JsonPropertyName("tblId")] public long TblId { get; set; }

    [JsonPropertyName("colToComment")] public Dictionary<string, string>? ColToComment { get; set; }

    [JsonPropertyName("tblComment")] public string? TblComment { get; set; }
}
