using System.Text.Json;
using System.Text.Json.Serialization;

namespace Syncer.Jobs;

/// <summary>Reads JSON <c>null</c> as an empty list: the Go syncer writes <c>"frontends": null</c> for a nil slice.</summary>
public sealed class NullAsEmptyListConverter<T> : JsonConverter<IReadOnlyList<T>>
{
    /// <inheritdoc />
    public override bool HandleNull => true;

    /// <inheritdoc />
    public override IReadOnlyList<T> Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.TokenType == JsonTokenType.Null ? [] : JsonSerializer.Deserialize<List<T>>(ref reader, options) ?? [];

    /// <inheritdoc />
    public override void Write(Utf8JsonWriter writer, IReadOnlyList<T> value, JsonSerializerOptions options) =>
        JsonSerializer.Serialize(writer, value.ToList(), options);
}
