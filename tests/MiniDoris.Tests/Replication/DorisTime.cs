using System.Globalization;

namespace MiniDoris.Tests.Replication;

/// <summary>
/// Checks the times SHOW BACKUP / RESTORE / TRANSACTION print ("yyyy-MM-dd HH:mm:ss", UTC in minidoris) against
/// clock readings the test takes around the operation. The bracket is the operation's own duration, so a loaded
/// machine only widens it: unlike a fixed window it cannot be missed.
/// </summary>
internal static class DorisTime
{
    public static DateTime Parse(string text) =>
        DateTime.ParseExact(text, "yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);

    /// <summary>Asserts the printed time lies between two readings taken before and after the operation (at whole seconds).</summary>
    public static DateTime AssertBetween(string? text, DateTime notBefore, DateTime notAfter, string what)
    {
        Assert.True(text is not null, $"{what} is not set");
        var time = Parse(text);
        var floor = new DateTime(notBefore.Ticks - (notBefore.Ticks % TimeSpan.TicksPerSecond), DateTimeKind.Utc);
        Assert.True(time >= floor && time <= notAfter, $"{what} {text} is not between {floor:O} and {notAfter:O}");
        return time;
    }
}
