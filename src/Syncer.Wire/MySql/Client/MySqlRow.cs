using System.Globalization;
using System.Numerics;
using System.Text;
using Syncer.Wire.MySql.Protocol;

namespace Syncer.Wire.MySql;

/// <summary>
/// One row of a text result set. Values stay as the bytes the server sent and are converted on access, so reading
/// a column as a string never fails (any charset but binary is decoded as UTF-8) and typed getters parse the text.
/// </summary>
/// <remarks>Typed getters throw <see cref="InvalidCastException"/> for NULL; check <see cref="IsNull(int)"/> first.</remarks>
public sealed class MySqlRow
{
    private readonly byte[] _data;

    // Two entries per column: start offset (-1 for NULL) and length.
    private readonly int[] _bounds;

    private MySqlRow(MySqlResultSet resultSet, byte[] data, int[] bounds)
    {
        ResultSet = resultSet;
        _data = data;
        _bounds = bounds;
    }

    public MySqlResultSet ResultSet { get; }

    public int FieldCount => _bounds.Length / 2;

    /// <summary>The value as text, or null for NULL.</summary>
    public string? this[int ordinal] => GetStringOrNull(ordinal);

    /// <summary>The value of the named column (case-insensitive) as text, or null for NULL.</summary>
    public string? this[string name] => GetStringOrNull(name);

    public bool IsNull(int ordinal) => Start(ordinal) < 0;

    public bool IsNull(string name) => IsNull(ResultSet.GetOrdinal(name));

    /// <summary>The value as text; throws for NULL.</summary>
    public string GetString(int ordinal) => GetStringOrNull(ordinal) ?? throw NullValue(ordinal);

    public string GetString(string name) => GetString(ResultSet.GetOrdinal(name));

    public string? GetStringOrNull(int ordinal) => IsNull(ordinal) ? null : Encoding.UTF8.GetString(Span(ordinal));

    public string? GetStringOrNull(string name) => GetStringOrNull(ResultSet.GetOrdinal(name));

    /// <summary>The raw bytes the server sent for this value (for text columns, its UTF-8 encoding).</summary>
    public byte[] GetBytes(int ordinal) => NonNullSpan(ordinal).ToArray();

    public byte[] GetBytes(string name) => GetBytes(ResultSet.GetOrdinal(name));

    public long GetInt64(int ordinal) => Parse<long>(ordinal, NumberStyles.Integer);

    public long GetInt64(string name) => GetInt64(ResultSet.GetOrdinal(name));

    public ulong GetUInt64(int ordinal) => Parse<ulong>(ordinal, NumberStyles.Integer);

    public ulong GetUInt64(string name) => GetUInt64(ResultSet.GetOrdinal(name));

    public int GetInt32(int ordinal) => Parse<int>(ordinal, NumberStyles.Integer);

    public int GetInt32(string name) => GetInt32(ResultSet.GetOrdinal(name));

    public double GetDouble(int ordinal) => Parse<double>(ordinal, NumberStyles.Float);

    public double GetDouble(string name) => GetDouble(ResultSet.GetOrdinal(name));

    public decimal GetDecimal(int ordinal) => Parse<decimal>(ordinal, NumberStyles.Float);

    public decimal GetDecimal(string name) => GetDecimal(ResultSet.GetOrdinal(name));

    /// <summary>Accepts 1/0, true/false (any case) and other integers (non-zero is true).</summary>
    public bool GetBoolean(int ordinal) => Convert(ordinal, MySqlTextValue.ParseBoolean);

    public bool GetBoolean(string name) => GetBoolean(ResultSet.GetOrdinal(name));

    /// <summary>DATE, DATETIME and TIMESTAMP text as a <see cref="DateTimeKind.Unspecified"/> DateTime; zero dates throw.</summary>
    public DateTime GetDateTime(int ordinal) => Convert(ordinal, MySqlTextValue.ParseDateTime);

    public DateTime GetDateTime(string name) => GetDateTime(ResultSet.GetOrdinal(name));

    /// <summary>TIME text (which may exceed 24 hours or be negative).</summary>
    public TimeSpan GetTimeSpan(int ordinal) => Convert(ordinal, MySqlTextValue.ParseTime);

    public TimeSpan GetTimeSpan(string name) => GetTimeSpan(ResultSet.GetOrdinal(name));

    /// <summary>
    /// The value converted by column type: integers → long (ulong for unsigned BIGINT), FLOAT/DOUBLE → double,
    /// DECIMAL → decimal, DATE/DATETIME/TIMESTAMP → DateTime, TIME → TimeSpan, binary-charset BLOB/BINARY/BIT →
    /// byte[], anything else → string; null for NULL.
    /// </summary>
    public object? GetValue(int ordinal)
    {
        if (IsNull(ordinal))
        {
            return null;
        }

        var column = ResultSet.Columns[ordinal];
        return column.Type switch
        {
            MySqlColumnType.LongLong when column.IsUnsigned => GetUInt64(ordinal),
            MySqlColumnType.Tiny or MySqlColumnType.Short or MySqlColumnType.Long or MySqlColumnType.LongLong
                or MySqlColumnType.Int24 or MySqlColumnType.Year => GetInt64(ordinal),
            MySqlColumnType.Float or MySqlColumnType.Double => GetDouble(ordinal),
            MySqlColumnType.Decimal or MySqlColumnType.NewDecimal => GetDecimal(ordinal),
            MySqlColumnType.Date or MySqlColumnType.NewDate or MySqlColumnType.DateTime or MySqlColumnType.DateTime2
                or MySqlColumnType.Timestamp or MySqlColumnType.Timestamp2 => GetDateTime(ordinal),
            MySqlColumnType.Time or MySqlColumnType.Time2 => GetTimeSpan(ordinal),
            _ when column.IsBinary => GetBytes(ordinal),
            _ => GetString(ordinal),
        };
    }

    public object? GetValue(string name) => GetValue(ResultSet.GetOrdinal(name));

    /// <summary>Copies a row payload and locates its values.</summary>
    internal static MySqlRow Create(MySqlResultSet resultSet, ReadOnlySpan<byte> payload)
    {
        var count = resultSet.Columns.Count;
        var offsets = count <= 128 ? stackalloc int[count] : new int[count];
        var lengths = count <= 128 ? stackalloc int[count] : new int[count];
        TextRowPacket.Parse(payload, offsets, lengths);
        var bounds = new int[count * 2];
        for (var i = 0; i < count; i++)
        {
            bounds[2 * i] = offsets[i];
            bounds[(2 * i) + 1] = lengths[i];
        }

        return new MySqlRow(resultSet, payload.ToArray(), bounds);
    }

    private int Start(int ordinal)
    {
        if ((uint)ordinal >= (uint)FieldCount)
        {
            throw new ArgumentOutOfRangeException(nameof(ordinal), ordinal, $"The row has {FieldCount} column(s).");
        }

        return _bounds[2 * ordinal];
    }

    private ReadOnlySpan<byte> Span(int ordinal) => _data.AsSpan(_bounds[2 * ordinal], _bounds[(2 * ordinal) + 1]);

    private ReadOnlySpan<byte> NonNullSpan(int ordinal) => IsNull(ordinal) ? throw NullValue(ordinal) : Span(ordinal);

    private T Parse<T>(int ordinal, NumberStyles styles)
        where T : IUtf8SpanParsable<T>, INumberBase<T>
    {
        var text = NonNullSpan(ordinal);
        try
        {
            return T.Parse(text, styles, CultureInfo.InvariantCulture);
        }
        catch (Exception ex) when (ex is FormatException or OverflowException)
        {
            throw InvalidValue(ordinal, typeof(T), ex);
        }
    }

    private T Convert<T>(int ordinal, ParseUtf8<T> parse)
    {
        var text = NonNullSpan(ordinal);
        try
        {
            return parse(text);
        }
        catch (Exception ex) when (ex is FormatException or OverflowException or ArgumentOutOfRangeException)
        {
            throw InvalidValue(ordinal, typeof(T), ex);
        }
    }

    private InvalidCastException NullValue(int ordinal) =>
        new($"Column {ordinal} ('{ResultSet.Columns[ordinal].Name}') is NULL.");

    private InvalidCastException InvalidValue(int ordinal, Type type, Exception inner) =>
        new($"Column {ordinal} ('{ResultSet.Columns[ordinal].Name}') value '{Encoding.UTF8.GetString(Span(ordinal))}' "
            + $"cannot be read as {type.Name}: {inner.Message}", inner);

    private delegate T ParseUtf8<out T>(ReadOnlySpan<byte> text);
}
