using System.Globalization;
using System.Text;
using MySqlConnector;

namespace Syncer.Doris.Sql;

/// <summary>
/// Turns a value MySqlConnector decoded from a text-protocol row back into the text the FE sent, so that
/// <see cref="DorisSqlResult"/> stays a result of strings whatever the column type (the gateway compares and parses
/// those strings as the Go syncer does).
/// </summary>
public static class DorisSqlText
{
    /// <summary>
    /// The text of <paramref name="value"/>; null for SQL NULL. <paramref name="dateOnly"/>: the column is a DATE;
    /// <paramref name="scale"/>: its fractional digits (DATETIME(n)), when the column says.
    /// </summary>
    public static string? Format(object? value, bool dateOnly = false, int? scale = null) => value switch
    {
        null or DBNull => null,
        string s => s,
        byte[] bytes => Encoding.UTF8.GetString(bytes),
        float f => f.ToString("R", CultureInfo.InvariantCulture),
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        DateTime t => DateText(t.Year, t.Month, t.Day, t.TimeOfDay, dateOnly, scale),
        MySqlDateTime m => DateText(m.Year, m.Month, m.Day, new TimeSpan(0, m.Hour, m.Minute, m.Second) + TimeSpan.FromTicks(m.Microsecond * 10L), dateOnly, scale),
        TimeSpan span => TimeText(span),
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString(),
    };

    private static string DateText(int year, int month, int day, TimeSpan time, bool dateOnly, int? scale)
    {
        var date = string.Create(CultureInfo.InvariantCulture, $"{year:D4}-{month:D2}-{day:D2}");
        if (dateOnly) return date;
        var text = string.Create(CultureInfo.InvariantCulture, $"{date} {time.Hours:D2}:{time.Minutes:D2}:{time.Seconds:D2}");
        var fraction = scale is > 0 and <= 6 || time.Ticks % TimeSpan.TicksPerSecond != 0;
        return fraction ? text + "." + Fraction(time, scale) : text;
    }

    private static string TimeText(TimeSpan span)
    {
        var sign = span < TimeSpan.Zero ? "-" : "";
        span = span.Duration();
        var text = string.Create(CultureInfo.InvariantCulture, $"{sign}{(long)span.TotalHours:D2}:{span.Minutes:D2}:{span.Seconds:D2}");
        return span.Ticks % TimeSpan.TicksPerSecond == 0 ? text : text + "." + Fraction(span, null);
    }

    private static string Fraction(TimeSpan time, int? scale)
    {
        var micros = (time.Ticks % TimeSpan.TicksPerSecond / 10).ToString("D6", CultureInfo.InvariantCulture);
        return scale is > 0 and <= 6 ? micros[..scale.Value] : micros.TrimEnd('0');
    }
}
