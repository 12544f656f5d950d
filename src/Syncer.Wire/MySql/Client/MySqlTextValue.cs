using System.Globalization;
using System.Text;

namespace Syncer.Wire.MySql;

/// <summary>Parses the text-protocol representation of values (ASCII digits and MySQL's date/time formats).</summary>
internal static class MySqlTextValue
{
    public static bool ParseBoolean(ReadOnlySpan<byte> text)
    {
        if (text.SequenceEqual("1"u8))
        {
            return true;
        }

        if (text.SequenceEqual("0"u8))
        {
            return false;
        }

        if (Ascii.EqualsIgnoreCase(text, "true"u8))
        {
            return true;
        }

        if (Ascii.EqualsIgnoreCase(text, "false"u8))
        {
            return false;
        }

        // BOOL is TINYINT: any other integer follows C's truthiness, as MySQL's IF(x, ...) does.
        if (long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number))
        {
            return number != 0;
        }

        throw new FormatException($"'{Encoding.UTF8.GetString(text)}' is not a boolean.");
    }

    /// <summary>Parses "YYYY-MM-DD", "YYYY-MM-DD HH:MM:SS" and an optional fraction of up to 7 digits.</summary>
    public static DateTime ParseDateTime(ReadOnlySpan<byte> text)
    {
        if (text.Length < 10 || text[4] != '-' || text[7] != '-')
        {
            throw new FormatException($"'{Encoding.UTF8.GetString(text)}' is not a MySQL date.");
        }

        var year = Digits(text[..4]);
        var month = Digits(text.Slice(5, 2));
        var day = Digits(text.Slice(8, 2));
        if (year == 0 && month == 0 && day == 0)
        {
            throw new InvalidCastException(
                $"'{Encoding.UTF8.GetString(text)}' is MySQL's zero date, which DateTime cannot represent.");
        }

        if (text.Length == 10)
        {
            return new DateTime(year, month, day, 0, 0, 0, DateTimeKind.Unspecified);
        }

        if (text.Length < 19 || (text[10] != ' ' && text[10] != 'T') || text[13] != ':' || text[16] != ':')
        {
            throw new FormatException($"'{Encoding.UTF8.GetString(text)}' is not a MySQL datetime.");
        }

        var value = new DateTime(year, month, day, Digits(text.Slice(11, 2)), Digits(text.Slice(14, 2)),
            Digits(text.Slice(17, 2)), DateTimeKind.Unspecified);
        return value.AddTicks(FractionTicks(text[19..]));
    }

    /// <summary>Parses TIME: "[-]H+:MM:SS[.ffffff]"; MySQL's range (±838 hours) exceeds a day, hence TimeSpan.</summary>
    public static TimeSpan ParseTime(ReadOnlySpan<byte> text)
    {
        var negative = text.Length > 0 && text[0] == '-';
        if (negative)
        {
            text = text[1..];
        }

        var firstColon = text.IndexOf((byte)':');
        if (firstColon <= 0 || text.Length < firstColon + 6 || text[firstColon + 3] != ':')
        {
            throw new FormatException($"'{Encoding.UTF8.GetString(text)}' is not a MySQL time.");
        }

        var hours = Digits(text[..firstColon]);
        var minutes = Digits(text.Slice(firstColon + 1, 2));
        var seconds = Digits(text.Slice(firstColon + 4, 2));
        var ticks = ((((long)hours * 60) + minutes) * 60 + seconds) * TimeSpan.TicksPerSecond
            + FractionTicks(text[(firstColon + 6)..]);
        return TimeSpan.FromTicks(negative ? -ticks : ticks);
    }

    private static long FractionTicks(ReadOnlySpan<byte> text)
    {
        if (text.IsEmpty)
        {
            return 0;
        }

        if (text[0] != '.' || text.Length is < 2 or > 8)
        {
            throw new FormatException($"'{Encoding.UTF8.GetString(text)}' is not a fraction of a second.");
        }

        var digits = text[1..];
        long ticks = Digits(digits);
        for (var i = digits.Length; i < 7; i++)
        {
            ticks *= 10;
        }

        return ticks;
    }

    private static int Digits(ReadOnlySpan<byte> text)
    {
        var value = 0;
        foreach (var c in text)
        {
            if (c is < (byte)'0' or > (byte)'9')
            {
                throw new FormatException($"'{Encoding.UTF8.GetString(text)}' is not a number.");
            }

            value = checked((value * 10) + (c - '0'));
        }

        return text.IsEmpty ? throw new FormatException("Empty number.") : value;
    }
}
