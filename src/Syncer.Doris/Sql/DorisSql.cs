using System.Text;

namespace Syncer.Doris.Sql;

/// <summary>
/// Quoting for the SQL sent to Doris, which takes text statements only (no server-side parameters). Unlike the Go
/// syncer (which wraps names in backquotes without escaping), embedded backquotes and quotes are escaped, so any
/// database or table name (unicode included) is safe.
/// </summary>
/// <remarks>
/// String literals double single quotes (valid in every sql_mode) and backslash-escape backslash and control
/// characters, which Doris and MySQL (unless sql_mode NO_BACKSLASH_ESCAPES) read back exactly. Under
/// NO_BACKSLASH_ESCAPES such a literal still cannot end early; only backslashes would be read doubled.
/// </remarks>
public static class DorisSql
{
    /// <summary><c>`name`</c> with embedded backquotes doubled: a`b → `a``b`.</summary>
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

    /// <summary>
    /// A single-quoted string literal: ' is doubled; backslash, NUL, \n, \r and Ctrl-Z (\x1a) are backslash-escaped.
    /// </summary>
    public static string String(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var builder = new StringBuilder(text.Length + 2);
        builder.Append('\'');
        foreach (var c in text)
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

    /// <summary>Go's <c>strconv.ParseBool</c>, which the Go syncer applies to Doris' boolean answers (and its flags).</summary>
    public static bool TryParseBool(string value, out bool result)
    {
        switch (value)
        {
            case "1" or "t" or "T" or "true" or "TRUE" or "True":
                result = true;
                return true;
            case "0" or "f" or "F" or "false" or "FALSE" or "False":
                result = false;
                return true;
            default:
                result = false;
                return false;
        }
    }

    /// <summary>A LIKE pattern matching <paramref name="text"/> literally (<c>%</c>, <c>_</c> and <c>\</c> escaped), as a string literal.</summary>
    public static string LikeLiteral(string text)
    {
        var pattern = new StringBuilder(text.Length + 4);
        foreach (var c in text)
        {
            if (c is '%' or '_' or '\\') pattern.Append('\\');
            pattern.Append(c);
        }
        return String(pattern.ToString());
    }
}
