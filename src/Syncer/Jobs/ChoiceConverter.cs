using System.Text.Json;
using System.Text.Json.Serialization;

namespace Syncer.Jobs;

/// <summary>
/// Reads and writes an enum as one of a fixed set of lower-case words (<c>"once"</c>, <c>"keep"</c>), matched
/// case-insensitively. Anything else is a <see cref="JsonException"/> that lists the accepted words, which
/// <c>/create_ccr</c> answers with HTTP 400 (the API's rule for a body that does not fit the endpoint).
/// </summary>
public abstract class ChoiceConverter<T> : JsonConverter<T> where T : struct, Enum
{
    private readonly (string Name, T Value)[] _choices;

    /// <summary>Declares the accepted words, the first one being the default a missing field takes.</summary>
    protected ChoiceConverter(params (string Name, T Value)[] choices) => _choices = choices;

    /// <summary>The accepted words, quoted, for messages: <c>"continuous" or "once"</c>.</summary>
    public string Expected => _choices.Length == 2
        ? $"\"{_choices[0].Name}\" or \"{_choices[1].Name}\""
        : string.Join(", ", _choices.Select(c => $"\"{c.Name}\""));

    /// <summary>A null is refused with the same message as any other wrong value.</summary>
    public override bool HandleNull => true;

    /// <inheritdoc />
    public override T Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.String) throw new JsonException($"expected {Expected}");
        var text = reader.GetString() ?? "";
        foreach (var (name, value) in _choices)
        {
            if (string.Equals(name, text, StringComparison.OrdinalIgnoreCase)) return value;
        }
        throw new JsonException($"expected {Expected}, got \"{text}\"");
    }

    /// <inheritdoc />
    public override void Write(Utf8JsonWriter writer, T value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        foreach (var (name, choice) in _choices)
        {
            if (EqualityComparer<T>.Default.Equals(choice, value))
            {
                writer.WriteStringValue(name);
                return;
            }
        }
        throw new JsonException($"{typeof(T).Name} {value} has no name");
    }

    /// <summary>The word for <paramref name="value"/>.</summary>
    public string NameOf(T value) => _choices.First(c => EqualityComparer<T>.Default.Equals(c.Value, value)).Name;
}
