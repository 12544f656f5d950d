using System.Globalization;

namespace MiniDoris.Fe.Catalog;

/// <summary>Parses and prints DATE/DATETIME values in the forms Doris accepts and prints.</summary>
public static class DateValues
{
    private static readonly string[] Formats =
    [
        "yyyy-MM-dd HH:mm:ss.FFFFFFF",
        "yyyy-MM-dd HH:mm:ss",
        "yyyy-MM-dd HH:mm",
        "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF",
        "yyyy-MM-dd'T'HH:mm:ss",
        "yyyy-MM-dd",
        "yyyy-M-d",
        "yyyy-M-d H:m:s",
        "yyyyMMddHHmmss",
        "yyyyMMdd",
        "yyyy/MM/dd",
        "yyyy/MM/dd HH:mm:ss",
    ];

    /// <summary>Parses a date or datetime text; Doris's minimum date 0000-01-01 is represented by <see cref="DateTime.MinValue"/>.</summary>
    public static bool TryParse(string text, out DateTime value)
    {
        var t = text.Trim();
        if (t.StartsWith("0000-01-01", StringComparison.Ordinal))
        {
            value = DateTime.MinValue;
            return true;
        }

        return DateTime.TryParseExact(t, Formats, CultureInfo.InvariantCulture, DateTimeStyles.None, out value);
    }

    /// <summary>Prints a DATE value (<c>yyyy-MM-dd</c>).</summary>
    public static string FormatDate(DateTime value) =>
        value == DateTime.MinValue ? "0000-01-01" : value.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>Prints a DATETIME(scale) value with exactly <paramref name="scale"/> fractional digits.</summary>
    public static string FormatDateTime(DateTime value, int scale)
    {
        var head = value == DateTime.MinValue ? "0000-01-01 00:00:00" : value.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
        if (scale <= 0)
        {
            return head;
        }

        var micros = value.Ticks % TimeSpan.TicksPerSecond / 10;
        var frac = micros.ToString("D6", CultureInfo.InvariantCulture)[..Math.Min(6, scale)];
        return head + "." + frac;
    }
}
