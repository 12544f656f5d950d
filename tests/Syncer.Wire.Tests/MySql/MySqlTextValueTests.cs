using System.Text;
using MiniDoris.MySql;

namespace Syncer.Wire.Tests.MySql;

public sealed class MySqlTextValueTests
{
    [Theory]
    [InlineData("1", true)]
    [InlineData("0", false)]
    [InlineData("true", true)]
    [InlineData("FALSE", false)]
    [InlineData("-1", true)]
    [InlineData("2", true)]
    public void Booleans(string text, bool expected) => Assert.Equal(expected, MySqlTextValue.ParseBoolean(Encoding.ASCII.GetBytes(text)));

    [Fact]
    public void Boolean_rejects_other_text() =>
        Assert.Throws<FormatException>(() => MySqlTextValue.ParseBoolean("yes"u8));

    [Theory]
    [InlineData("2024-02-29", 2024, 2, 29, 0, 0, 0, 0L)]
    [InlineData("2024-02-29 13:14:15", 2024, 2, 29, 13, 14, 15, 0L)]
    [InlineData("2024-02-29 13:14:15.5", 2024, 2, 29, 13, 14, 15, 5_000_000L)]
    [InlineData("1000-01-01 00:00:00.000001", 1000, 1, 1, 0, 0, 0, 10L)]
    [InlineData("9999-12-31 23:59:59.999999", 9999, 12, 31, 23, 59, 59, 9_999_990L)]
    public void Date_times(string text, int y, int mo, int d, int h, int mi, int s, long ticks) =>
        Assert.Equal(new DateTime(y, mo, d, h, mi, s).AddTicks(ticks), MySqlTextValue.ParseDateTime(Encoding.ASCII.GetBytes(text)));

    [Fact]
    public void Zero_and_malformed_dates_throw()
    {
        Assert.Throws<InvalidCastException>(() => MySqlTextValue.ParseDateTime("0000-00-00 00:00:00"u8));
        Assert.Throws<FormatException>(() => MySqlTextValue.ParseDateTime("2024/01/01"u8));
        Assert.Throws<FormatException>(() => MySqlTextValue.ParseDateTime("2024-01-01 1:2:3"u8));
    }

    [Theory]
    [InlineData("00:00:00", 0L)]
    [InlineData("12:34:56", ((12 * 3600) + (34 * 60) + 56) * TimeSpan.TicksPerSecond)]
    [InlineData("838:59:59", ((838 * 3600) + (59 * 60) + 59) * TimeSpan.TicksPerSecond)]
    [InlineData("-01:00:00.25", -((3600 * TimeSpan.TicksPerSecond) + 2_500_000))]
    public void Times(string text, long ticks) =>
        Assert.Equal(TimeSpan.FromTicks(ticks), MySqlTextValue.ParseTime(Encoding.ASCII.GetBytes(text)));
}
