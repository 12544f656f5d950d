using System.Globalization;
using System.Text.Json;
using MiniDoris.Fe.Catalog;

namespace MiniDoris.Be;

/// <summary>
/// minidoris's segment encoding: a UTF-8 JSON document with the column list (by unique id) and the rows.
/// Columns are matched by unique id on read, so rowsets written before ADD/DROP/RENAME COLUMN stay readable.
/// </summary>
public static class RowsetCodec
{
    public static byte[] EncodeSegment(IReadOnlyList<Column> schema, IEnumerable<object?[]> rows)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            writer.WriteStartObject();
            writer.WriteStartArray("columns");
            foreach (var c in schema)
            {
                writer.WriteStartObject();
                writer.WriteNumber("unique_id", c.UniqueId);
                writer.WriteString("name", c.Name);
                writer.WriteString("type", c.Type.ToSql());
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteStartArray("rows");
            foreach (var row in rows)
            {
                writer.WriteStartArray();
                foreach (var v in row)
                {
                    WriteValue(writer, v);
                }

                writer.WriteEndArray();
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        return stream.ToArray();
    }

    /// <summary>Reads a segment into rows laid out as <paramref name="schema"/>; missing columns get their default.</summary>
    public static List<object?[]> DecodeSegment(byte[] data, IReadOnlyList<Column> schema)
    {
        using var doc = JsonDocument.Parse(data);
        var columns = doc.RootElement.GetProperty("columns").EnumerateArray()
            .Select(c => c.GetProperty("unique_id").GetInt32()).ToList();
        var positions = schema.Select(c => columns.IndexOf(c.UniqueId)).ToArray();
        var defaults = schema.Select(DefaultValueOf).ToArray();
        var rows = new List<object?[]>();
        foreach (var r in doc.RootElement.GetProperty("rows").EnumerateArray())
        {
            var cells = r.EnumerateArray().ToArray();
            var row = new object?[schema.Count];
            for (var i = 0; i < schema.Count; i++)
            {
                row[i] = positions[i] < 0 ? defaults[i] : ReadValue(cells[positions[i]], schema[i].Type);
            }

            rows.Add(row);
        }

        return rows;
    }

    /// <summary>The canonical default of a column for rows written before it existed.</summary>
    public static object? DefaultValueOf(Column column)
    {
        if (column.DefaultValue is null || column.DefaultIsExpression)
        {
            return null;
        }

        return column.Type.TryCoerce(column.DefaultValue, out var v) ? v : null;
    }

    private static void WriteValue(Utf8JsonWriter writer, object? v)
    {
        switch (v)
        {
            case null: writer.WriteNullValue(); break;
            case long l: writer.WriteNumberValue(l); break;
            case int i: writer.WriteNumberValue(i); break;
            case double d when double.IsFinite(d): writer.WriteNumberValue(d); break;
            case double d: writer.WriteStringValue(d.ToString("R", CultureInfo.InvariantCulture)); break;
            case decimal m: writer.WriteNumberValue(m); break;
            case string s: writer.WriteStringValue(s); break;
            default: writer.WriteStringValue(ValueText.ToInvariant(v)); break;
        }
    }

    private static object? ReadValue(JsonElement e, ColumnType type)
    {
        if (e.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        object raw = e.ValueKind switch
        {
            JsonValueKind.Number when e.TryGetInt64(out var l) => l,
            JsonValueKind.Number when e.TryGetDecimal(out var m) => m,
            JsonValueKind.Number => e.GetDouble(),
            JsonValueKind.String => e.GetString()!,
            _ => e.GetRawText(),
        };

        // Stored values are already canonical for the type they were written with; coercing again maps them
        // onto the current type (identical unless a schema change altered it).
        return type.TryCoerce(raw, out var value) ? value : raw is string s ? s : Convert.ToString(raw, CultureInfo.InvariantCulture);
    }
}
