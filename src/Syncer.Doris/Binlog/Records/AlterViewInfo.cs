using System.Text.Json.Serialization;

namespace Syncer.Doris.Binlog.Records;

/// <summary>
/// MODIFY_VIEW_DEF payload (Doris persist AlterViewInfo): the view's new inline definition (table names qualified as
/// <c>`internal`.`db`.`t`</c>), the session sql_mode bits it was analysed under, and the view's new columns.
/// </summary>
public sealed class AlterViewInfo
{
    [JsonPropertyName("dbId")] public long DbId { get; set; }

    [JsonPropertyName("tableId")] public long TableId { get; set; }

    [JsonPropertyName("inlineViewDef")] public string InlineViewDef { get; set; } = string.Empty;

    [JsonPropertyName("sqlMode")] public long SqlMode { get; set; }

    [JsonPropertyName("newFullSchema")] public List<ColumnJson> NewFullSchema { get; set; } = [];
}
