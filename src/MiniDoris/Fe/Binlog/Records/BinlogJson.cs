using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace MiniDoris.Fe.Binlog.Records;

/// <summary>
/// JSON settings for binlog payloads: explicit Gson field names, null fields omitted (Gson's default),
/// non-ASCII names kept readable.
/// </summary>
public static class BinlogJson
{
    public static readonly JsonSerializerOptions Options = new()
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static string Serialize<T>(T value) => JsonSerializer.Serialize(value, Options);
}
