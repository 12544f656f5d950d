using System.Globalization;

namespace MiniDoris.Fe.Catalog;

/// <summary>Culture-independent text of canonical values.</summary>
public static class ValueText
{
    /// <summary>The invariant text of a value; doubles in round-trip form.</summary>
    public static string ToInvariant(object value) => value switch
    {
        string s => s,
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        float f => f.ToString("R", CultureInfo.InvariantCulture),
        bool b => b ? "1" : "0",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? string.Empty,
    };
}
