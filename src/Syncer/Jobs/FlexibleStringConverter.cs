using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Syncer.Jobs;

/// <summary>
/// Reads a JSON string or number into a string (ports: the Go syncer only accepts "9030", automation
/// often sends 9030) and always writes a string, which is what the Go syncer stores and returns.
/// </summary>
public sealed class FlexibleStringConverter : JsonConverter<string>
{
    /// <inheritdoc />
    public override string? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.TokenType switch
        {
            JsonTokenType.String => reader.GetString(),
            JsonTokenType.Number when reader.TryGetInt64(out var n) => n.ToString(CultureInfo.InvariantCulture),
            JsonTokenType.Number => throw new JsonException("expected an integer"),
            JsonTokenType.Null => null,
            _ => throw new JsonException($"expected a string or a number, got {reader.TokenType}"),
        };

    /// <inheritdoc />
    public override void Write(Utf8JsonWriter writer, string value, JsonSerializerOptions options) => writer.WriteStringValue(value);
}
