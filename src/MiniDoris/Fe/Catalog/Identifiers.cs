namespace MiniDoris.Fe.Catalog;

/// <summary>Quoting of names the way Doris prints them in generated SQL.</summary>
public static class Identifiers
{
    /// <summary>Wraps a name in backquotes, doubling any backquote inside.</summary>
    public static string Quote(string name) => "`" + name.Replace("`", "``", StringComparison.Ordinal) + "`";
}
