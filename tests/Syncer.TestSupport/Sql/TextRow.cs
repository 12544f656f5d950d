using System.Globalization;

namespace Syncer.TestSupport.Sql;

/// <summary>One row of a <see cref="TextResultSet"/>.</summary>
public sealed class TextRow
{
    private readonly TextResultSet _set;
    private readonly IReadOnlyList<string?> _values;

    internal TextRow(TextResultSet set, IReadOnlyList<string?> values)
    {
        _set = set;
        _values = values;
    }

    /// <summary>The number of values.</summary>
    public int FieldCount => _values.Count;

    /// <summary>The value at <paramref name="ordinal"/>, null for SQL NULL.</summary>
    public string? this[int ordinal] => _values[ordinal];

    /// <summary>The value of column <paramref name="name"/>, null for SQL NULL.</summary>
    public string? this[string name] => _values[_set.GetOrdinal(name)];

    /// <summary>Whether the value is SQL NULL.</summary>
    public bool IsNull(int ordinal) => _values[ordinal] is null;

    /// <summary>The value, which must not be NULL.</summary>
    public string GetString(int ordinal) => _values[ordinal] ?? throw new InvalidOperationException($"column {_set.Columns[ordinal]} is NULL");

    /// <summary>The value of column <paramref name="name"/>, which must not be NULL.</summary>
    public string GetString(string name) => GetString(_set.GetOrdinal(name));

    /// <summary>The value, null for SQL NULL.</summary>
    public string? GetStringOrNull(int ordinal) => _values[ordinal];

    /// <summary>The value of column <paramref name="name"/>, null for SQL NULL.</summary>
    public string? GetStringOrNull(string name) => this[name];

    /// <summary>The value as a 32-bit integer.</summary>
    public int GetInt32(string name) => int.Parse(GetString(name), NumberStyles.Integer, CultureInfo.InvariantCulture);

    /// <summary>The value as a boolean: 1/0 or true/false, as Doris writes booleans.</summary>
    public bool GetBoolean(string name) => GetString(name).ToLowerInvariant() switch
    {
        "1" or "true" => true,
        "0" or "false" => false,
        var other => throw new FormatException($"{name} = {other} is not a boolean"),
    };

    /// <summary>The value as a 64-bit integer.</summary>
    public long GetInt64(int ordinal) => long.Parse(GetString(ordinal), NumberStyles.Integer, CultureInfo.InvariantCulture);

    /// <summary>The value of column <paramref name="name"/> as a 64-bit integer.</summary>
    public long GetInt64(string name) => GetInt64(_set.GetOrdinal(name));
}
