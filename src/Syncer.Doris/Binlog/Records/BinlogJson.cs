using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Syncer.Doris.Binlog.Records;

/// <summary>
/// JSON settings for binlog payloads. Doris writes them with Gson (explicit field names, null fields omitted);
/// readers match keys case-insensitively and ignore unknown ones, because Doris versions differ in the case of
/// some keys (<c>rollUpIndexName</c> / <c>rollupIndexName</c>, <c>baseIndexid</c> / <c>baseIndexId</c>) and add keys freely.
/// Map keys that are ids arrive as JSON strings and read into <c>long</c> dictionary keys.
/// </summary>
public static class BinlogJson
{
    /// <summary>How minidoris writes payloads.</summary>
    public static readonly JsonSerializerOptions Options = new()
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>How the syncer reads payloads from any Doris version.</summary>
    public static readonly JsonSerializerOptions ReadOptions = new()
    {
        PropertyNameCaseInsensitive = true,
        NumberHandling = JsonNumberHandling.AllowReadingFromString,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Skip,
    };

    public static string Serialize<T>(T value) => JsonSerializer.Serialize(value, Options);

    /// <summary>Reads a payload; a malformed one is a <see cref="JsonException"/> naming the record type.</summary>
    public static T Deserialize<T>(string json) where T : class =>
        JsonSerializer.Deserialize<T>(json, ReadOptions) ?? throw new JsonException($"{typeof(T).Name} payload is null");
}
