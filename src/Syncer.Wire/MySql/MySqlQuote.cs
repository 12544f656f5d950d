using System.Text;

namespace Syncer.Wire.MySql;

/// <summary>
/// Builds SQL literals and identifiers for MySQL and Doris, for the statements that cannot use parameters
/// (the text protocol has none).
/// </summary>
/// <remarks>
/// String literals double single quotes (valid in every sql_mode) and use backslash escapes for backslash and
/// control characters, which MySQL (unless sql_mode NO_BACKSLASH_ESCAPES) and Doris read back exactly. Under
/// NO_BACKSLASH_ESCAPES such a literal still cannot end early; only backslashes would be read doubled.
/// </remarks>
public static class MySqlQuote
{
    /// <summary>Quotes an identifier with backticks, doubling any backtick inside: a`b → `a``b`.</summary>
    /// <exception cref="ArgumentException">The name is empty or contains NUL, which no identifier may.</exception>
    public static string Identifier(string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        if (name.Contains('\0', StringComparison.Ordinal))
        {
            throw new ArgumentException("An identifier cannot contain NUL.", nameof(name));
        }

        return "`" + name.Replace("`", "``", StringComparison.Ordinal) + "`";
    }

    /// <summary>`db`.`table`, or just `table` when <paramref name="database"/> is null or empty.</summary>
    public static string QualifiedIdentifier(string? database, string name) =>
        string.IsNullOrEmpty(database) ? Identifier(name) : Identifier(database) + "." + Identifier(name);

    /// <summary>
    /// A single-quoted string literal: ' is doubled; backslash, NUL, \n, \r and Ctrl-Z (\x1a) are backslash-escaped; null gives NULL.
    /// </summary>
    public static string String(string? value)
    {
        if (value is null)
        {
            return "NULL";
        }

        var builder = new StringBuilder(value.Length + 2);
        builder.Append('\'');
        foreach (var c in value)
        {
            switch (c)
            {
                case '\\': builder.Append(@"\\"); break;
                case '\'': builder.Append("''"); break;
                case '\0': builder.Append(@"\0"); break;
                case '\n': builder.Append(@"\n"); break;
                case '\r': builder.Append(@"\r"); break;
                case '\x1a': builder.Append(@"\Z"); break;
                default: builder.Append(c); break;
            }
        }

        return builder.Append('\'').ToString();
    }

    /// <summary>A hexadecimal literal X'...' for binary values.</summary>
    public static string Bytes(ReadOnlySpan<byte> value) => "X'" + Convert.ToHexString(value) + "'";
}
