using System.Text.Json.Serialization;

namespace Syncer.Doris.Binlog.Records;

/// <summary>
/// A secondary index (Doris catalog Index) inside binlog payloads. 2.1/3.0 FEs write the short Gson names
/// (<c>i</c>, <c>in</c>, <c>c</c>, <c>it</c>, <c>pt</c>, <c>ct</c>); Doris reads the long
/// names (<c>indexId</c>, <c>indexName</c>, ...) as alternates, which older FEs wrote.
/// </summary>
public sealed class IndexJson
{
    [JsonPropertyName("i")] public long IndexId { get; set; } = -1;

    [JsonPropertyName("in")] public string IndexName { get; set; } = string.Empty;

    [JsonPropertyName("c")] public List<string> Columns { get; set; } = [];

    /// <summary>INVERTED, BITMAP, NGRAM_BF or BLOOMFILTER.</summary>
    [JsonPropertyName("it")] public string IndexType { get; set; } = "INVERTED";

    [JsonPropertyName("pt")] public Dictionary<string, string> Properties { get; set; } = [];

    [JsonPropertyName("ct")] public string? Comment { get; set; }
}
