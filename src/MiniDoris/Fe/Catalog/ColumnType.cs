using System.Globalization;
using System.Numerics;
using System.Text;

namespace MiniDoris.Fe.Catalog;

/// <summary>
/// A column's data type with its parameters. Knows how Doris prints it (SHOW CREATE TABLE, DESC), how to turn
/// an input value into the stored canonical value, and how to print a stored value in a result set.
/// Canonical values: integers as <see cref="long"/> (LARGEINT as <see cref="Int128"/>), floating point as
/// <see cref="double"/>, decimals as <see cref="decimal"/>, booleans as 0/1 longs, dates and strings as text.
/// </summary>
public sealed record ColumnType(PrimitiveType Type, int Length = 0, int Precision = 0, int Scale = 0)
{
    /// <summary>VARCHAR without a length in Doris means the maximum, 65533 bytes.</summary>
    public const int MaxVarcharLength = 65533;

    public bool IsInteger => Type is PrimitiveType.TINYINT or PrimitiveType.SMALLINT or PrimitiveType.INT
        or PrimitiveType.BIGINT or PrimitiveType.LARGEINT or PrimitiveType.BOOLEAN;

    public bool IsDecimal => Type is PrimitiveType.DECIMAL32 or PrimitiveType.DECIMAL64 or PrimitiveType.DECIMAL128;

    public bool IsFloatingPoint => Type is PrimitiveType.FLOAT or PrimitiveType.DOUBLE;

    public bool IsNumeric => IsInteger || IsDecimal || IsFloatingPoint;

    public bool IsString => Type is PrimitiveType.CHAR or PrimitiveType.VARCHAR or PrimitiveType.STRING;

    public bool IsDateLike => Type is PrimitiveType.DATEV2 or PrimitiveType.DATETIMEV2;

    /// <summary>Builds a decimal type, choosing DECIMAL32/64/128 by precision as Doris's DECIMALV3 does.</summary>
    public static ColumnType Decimal(int precision, int scale) => new(
        precision <= 9 ? PrimitiveType.DECIMAL32 : precision <= 18 ? PrimitiveType.DECIMAL64 : PrimitiveType.DECIMAL128,
        0, precision, scale);

    /// <summary>The type as SHOW CREATE TABLE and DESC print it in Doris 2.1+ (lower case).</summary>
    public string ToSql() => Type switch
    {
        PrimitiveType.BOOLEAN => "boolean",
        PrimitiveType.TINYINT => "tinyint",
        PrimitiveType.SMALLINT => "smallint",
        PrimitiveType.INT => "int",
        PrimitiveType.BIGINT => "bigint",
        PrimitiveType.LARGEINT => "largeint",
        PrimitiveType.FLOAT => "float",
        PrimitiveType.DOUBLE => "double",
        PrimitiveType.DECIMAL32 or PrimitiveType.DECIMAL64 or PrimitiveType.DECIMAL128 => $"decimal({Precision},{Scale})",
        PrimitiveType.DATEV2 => "date",
        PrimitiveType.DATETIMEV2 => Scale > 0 ? $"datetime({Scale})" : "datetime",
        PrimitiveType.CHAR => $"char({Length})",
        PrimitiveType.VARCHAR => $"varchar({Length})",
        PrimitiveType.STRING => "text",
        _ => Type.ToString().ToLowerInvariant(),
    };

    /// <summary>
    /// The declared type of the column in SQLite's materialised views. SQLite keeps it as the column's declared
    /// type (Microsoft.Data.Sqlite drops anything after a parenthesis, so parameters are joined with '_'), which lets
    /// result sets be formatted per Doris type; the words are chosen for the right SQLite affinity
    /// (INT → integer, CHAR/TEXT → text, BLOB → none, anything else → numeric).
    /// </summary>
    public string SqliteDeclaredType => Type switch
    {
        PrimitiveType.BOOLEAN => "BOOLEAN_INT",
        PrimitiveType.TINYINT => "TINYINT",
        PrimitiveType.SMALLINT => "SMALLINT",
        PrimitiveType.INT => "INT",
        PrimitiveType.BIGINT => "BIGINT",
        PrimitiveType.LARGEINT => "LARGE_BLOB",
        PrimitiveType.FLOAT => "FLOAT",
        PrimitiveType.DOUBLE => "DOUBLE",
        PrimitiveType.DECIMAL32 or PrimitiveType.DECIMAL64 or PrimitiveType.DECIMAL128 => $"DECIMAL_{Precision}_{Scale}",
        PrimitiveType.DATEV2 => "DATE_TEXT",
        PrimitiveType.DATETIMEV2 => $"DATETIME_TEXT_{Scale}",
        PrimitiveType.CHAR => $"CHAR_{Length}",
        PrimitiveType.VARCHAR => $"VARCHAR_{Length}",
        _ => "STRING_TEXT",
    };

    /// <summary>Reads a type back from <see cref="SqliteDeclaredType"/>; null when the text is not one of ours.</summary>
    public static ColumnType? FromSqliteDeclaredType(string? declared)
    {
        if (string.IsNullOrEmpty(declared))
        {
            return null;
        }

        var parts = declared.Split('_');
        int Arg(int i) => i < parts.Length && int.TryParse(parts[i], NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? n : -1;
        return parts[0] switch
        {
            "BOOLEAN" when declared == "BOOLEAN_INT" => new ColumnType(PrimitiveType.BOOLEAN),
            "TINYINT" => new ColumnType(PrimitiveType.TINYINT),
            "SMALLINT" => new ColumnType(PrimitiveType.SMALLINT),
            "INT" => new ColumnType(PrimitiveType.INT),
            "BIGINT" => new ColumnType(PrimitiveType.BIGINT),
            "LARGE" when declared == "LARGE_BLOB" => new ColumnType(PrimitiveType.LARGEINT),
            "FLOAT" => new ColumnType(PrimitiveType.FLOAT),
            "DOUBLE" => new ColumnType(PrimitiveType.DOUBLE),
            "DECIMAL" when Arg(1) > 0 && Arg(2) >= 0 => Decimal(Arg(1), Arg(2)),
            "DATE" when declared == "DATE_TEXT" => new ColumnType(PrimitiveType.DATEV2),
            "DATETIME" when Arg(2) >= 0 => new ColumnType(PrimitiveType.DATETIMEV2, 0, 0, Arg(2)),
            "CHAR" when Arg(1) > 0 => new ColumnType(PrimitiveType.CHAR, Arg(1)),
            "VARCHAR" when Arg(1) > 0 => new ColumnType(PrimitiveType.VARCHAR, Arg(1)),
            "STRING" when declared == "STRING_TEXT" => new ColumnType(PrimitiveType.STRING),
            _ => null,
        };
    }

    /// <summary>
    /// Converts an input value (from a literal or an expression) into this type's canonical value.
    /// Returns false when Doris would filter the row in strict mode (bad format, out of range, too long).
    /// </summary>
    public bool TryCoerce(object? input, out object? value)
    {
        value = null;
        if (input is null)
        {
            return true;
        }

        try
        {
            switch (Type)
            {
                case PrimitiveType.BOOLEAN:
                    if (input is string bs)
                    {
                        var t = bs.Trim();
                        if (t.Equals("true", StringComparison.OrdinalIgnoreCase)) { value = 1L; return true; }
                        if (t.Equals("false", StringComparison.OrdinalIgnoreCase)) { value = 0L; return true; }
                    }

                    if (!TryToDecimal(input, out var bd))
                    {
                        return false;
                    }

                    value = bd != 0 ? 1L : 0L;
                    return true;
                case PrimitiveType.TINYINT:
                    return TryInteger(input, sbyte.MinValue, sbyte.MaxValue, out value);
                case PrimitiveType.SMALLINT:
                    return TryInteger(input, short.MinValue, short.MaxValue, out value);
                case PrimitiveType.INT:
                    return TryInteger(input, int.MinValue, int.MaxValue, out value);
                case PrimitiveType.BIGINT:
                    return TryInteger(input, long.MinValue, long.MaxValue, out value);
                case PrimitiveType.LARGEINT:
                    return TryLargeInt(input, out value);
                case PrimitiveType.FLOAT:
                case PrimitiveType.DOUBLE:
                    if (!TryToDouble(input, out var d))
                    {
                        return false;
                    }

                    value = Type == PrimitiveType.FLOAT ? (double)(float)d : d;
                    return true;
                case PrimitiveType.DECIMAL32:
                case PrimitiveType.DECIMAL64:
                case PrimitiveType.DECIMAL128:
                    if (!TryToDecimal(input, out var m))
                    {
                        return false;
                    }

                    m = Math.Round(m, Scale, MidpointRounding.AwayFromZero);
                    var limit = Pow10(Precision - Scale);
                    if (Math.Abs(m) >= limit)
                    {
                        return false;
                    }

                    value = m;
                    return true;
                case PrimitiveType.DATEV2:
                    if (!DateValues.TryParse(ToText(input), out var date))
                    {
                        return false;
                    }

                    value = DateValues.FormatDate(date);
                    return true;
                case PrimitiveType.DATETIMEV2:
                    if (!DateValues.TryParse(ToText(input), out var dt))
                    {
                        return false;
                    }

                    value = DateValues.FormatDateTime(dt, Scale);
                    return true;
                case PrimitiveType.CHAR:
                case PrimitiveType.VARCHAR:
                    var s = ToText(input);
                    if (Encoding.UTF8.GetByteCount(s) > Length)
                    {
                        return false;
                    }

                    value = s;
                    return true;
                default:
                    value = ToText(input);
                    return true;
            }
        }
        catch (FormatException)
        {
            return false;
        }
        catch (OverflowException)
        {
            return false;
        }
    }

    /// <summary>Prints a canonical value the way Doris prints it in a MySQL text result row.</summary>
    public string? Format(object? value)
    {
        if (value is null)
        {
            return null;
        }

        return value switch
        {
            decimal m when IsDecimal => m.ToString("F" + Scale.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture),
            double d when IsDecimal => ((decimal)d).ToString("F" + Scale.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture),
            long l when IsDecimal => ((decimal)l).ToString("F" + Scale.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture),
            double d when Type == PrimitiveType.FLOAT => ((float)d).ToString("R", CultureInfo.InvariantCulture),
            double d => FormatDouble(d),
            _ => ValueText.ToInvariant(value),
        };
    }

    /// <summary>Formats a double the way Doris does for plain values (shortest round-trip form).</summary>
    public static string FormatDouble(double d) =>
        double.IsPositiveInfinity(d) ? "Infinity" : double.IsNegativeInfinity(d) ? "-Infinity" : d.ToString("R", CultureInfo.InvariantCulture);

    /// <summary>Orders two canonical values of this type (nulls first), used for keys and partition routing.</summary>
    public int Compare(object? a, object? b)
    {
        if (a is null || b is null)
        {
            return a is null ? (b is null ? 0 : -1) : 1;
        }

        if (IsInteger && Type != PrimitiveType.LARGEINT)
        {
            return Convert.ToInt64(a, CultureInfo.InvariantCulture).CompareTo(Convert.ToInt64(b, CultureInfo.InvariantCulture));
        }

        return a switch
        {
            Int128 x => x.CompareTo(b is Int128 y ? y : Int128.Parse(ValueText.ToInvariant(b), CultureInfo.InvariantCulture)),
            decimal x => x.CompareTo(Convert.ToDecimal(b, CultureInfo.InvariantCulture)),
            double x => x.CompareTo(Convert.ToDouble(b, CultureInfo.InvariantCulture)),
            _ => string.CompareOrdinal(ValueText.ToInvariant(a), ValueText.ToInvariant(b)),
        };
    }

    private static decimal Pow10(int n)
    {
        decimal r = 1;
        for (var i = 0; i < n && i < 28; i++)
        {
            r *= 10;
        }

        return n >= 29 ? decimal.MaxValue : r;
    }

    private static string ToText(object input) => input switch
    {
        string s => s,
        _ => ValueText.ToInvariant(input),
    };

    private static bool TryToDecimal(object input, out decimal value)
    {
        switch (input)
        {
            case long l: value = l; return true;
            case int i: value = i; return true;
            case decimal m: value = m; return true;
            case double d when !double.IsNaN(d) && !double.IsInfinity(d): value = (decimal)d; return true;
            case Int128 x: value = (decimal)x; return true;
            case string s:
                return decimal.TryParse(s.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out value);
            default:
                value = 0;
                return false;
        }
    }

    private static bool TryToDouble(object input, out double value)
    {
        switch (input)
        {
            case double d: value = d; return true;
            case long l: value = l; return true;
            case decimal m: value = (double)m; return true;
            case Int128 x: value = (double)x; return true;
            case string s:
                return double.TryParse(s.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out value);
            default:
                value = 0;
                return false;
        }
    }

    private static bool TryInteger(object input, long min, long max, out object? value)
    {
        value = null;
        long result;
        switch (input)
        {
            case long l:
                result = l;
                break;
            case string s when long.TryParse(s.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var parsed):
                result = parsed;
                break;
            default:
                if (!TryToDecimal(input, out var m) || m < long.MinValue || m > long.MaxValue)
                {
                    return false;
                }

                // Doris casts a fractional value to an integer column by truncation.
                result = (long)decimal.Truncate(m);
                break;
        }

        if (result < min || result > max)
        {
            return false;
        }

        value = result;
        return true;
    }

    private static bool TryLargeInt(object input, out object? value)
    {
        value = null;
        switch (input)
        {
            case long l:
                value = (Int128)l;
                return true;
            case Int128 x:
                value = x;
                return true;
            case string s when Int128.TryParse(s.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var p):
                value = p;
                return true;
            default:
                if (!TryToDecimal(input, out var m))
                {
                    return false;
                }

                value = (Int128)new BigInteger(decimal.Truncate(m));
                return true;
        }
    }
}
