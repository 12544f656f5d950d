using System.Globalization;

namespace Syncer.Configuration;

/// <summary>
/// Parses and prints durations in Go's <c>time.ParseDuration</c> syntax ("10s", "1m30s", "1.5h", "300ms"),
/// because the Go syncer's timeout flags and its start script use that syntax.
/// </summary>
public static class GoDuration
{
    private static readonly (string Unit, double Ticks)[] Units =
    [
        ("ns", 0.01), ("us", 10), ("µs", 10), ("μs", 10), ("ms", TimeSpan.TicksPerMillisecond),
        ("s", TimeSpan.TicksPerSecond), ("m", TimeSpan.TicksPerMinute), ("h", TimeSpan.TicksPerHour),
    ];

    /// <summary>Parses <paramref name="text"/>; returns false for anything Go would reject.</summary>
    public static bool TryParse(string text, out TimeSpan value)
    {
        value = TimeSpan.Zero;
        if (string.IsNullOrEmpty(text)) return false;
        var s = text.AsSpan();
        var negative = false;
        if (s[0] is '+' or '-')
        {
            negative = s[0] == '-';
            s = s[1..];
        }
        if (s.Length == 0) return false;
        // Go accepts a bare "0" without a unit and nothing else unit-less.
        if (s is "0")
        {
            return true;
        }
        double ticks = 0;
        while (s.Length > 0)
        {
            var numberEnd = 0;
            while (numberEnd < s.Length && (char.IsAsciiDigit(s[numberEnd]) || s[numberEnd] == '.')) numberEnd++;
            if (numberEnd == 0) return false;
            if (!double.TryParse(s[..numberEnd], NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var number))
                return false;
            s = s[numberEnd..];
            var unitEnd = 0;
            while (unitEnd < s.Length && !char.IsAsciiDigit(s[unitEnd]) && s[unitEnd] != '.') unitEnd++;
            if (unitEnd == 0) return false;
            var unit = s[..unitEnd].ToString();
            var factor = Array.Find(Units, u => u.Unit == unit).Ticks;
            if (factor == 0) return false;
            ticks += number * factor;
            s = s[unitEnd..];
        }
        if (ticks > TimeSpan.MaxValue.Ticks) return false;
        value = TimeSpan.FromTicks((long)Math.Round(ticks));
        if (negative) value = -value;
        return true;
    }

    /// <summary>Formats like Go's <c>Duration.String()</c> for whole units ("10s", "1m30s", "250ms").</summary>
    public static string Format(TimeSpan value)
    {
        if (value == TimeSpan.Zero) return "0s";
        if (value < TimeSpan.FromSeconds(1) && value > TimeSpan.FromSeconds(-1))
            return ((long)value.TotalMilliseconds).ToString(CultureInfo.InvariantCulture) + "ms";
        var parts = new System.Text.StringBuilder();
        if (value < TimeSpan.Zero)
        {
            parts.Append('-');
            value = -value;
        }
        var hours = (long)value.TotalHours;
        if (hours > 0) parts.Append(hours.ToString(CultureInfo.InvariantCulture)).Append('h');
        if (hours > 0 || value.Minutes > 0) parts.Append(value.Minutes.ToString(CultureInfo.InvariantCulture)).Append('m');
        var seconds = value.Seconds + value.Milliseconds / 1000.0;
        parts.Append(seconds.ToString("0.###", CultureInfo.InvariantCulture)).Append('s');
        return parts.ToString();
    }
}
