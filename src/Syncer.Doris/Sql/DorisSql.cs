using System.Text;
using Syncer.Wire.MySql;

namespace Syncer.Doris.Sql;

/// <summary>
/// Quoting for the SQL sent to Doris. Unlike the Go syncer (which wraps names in backquotes without
/// escaping), embedded backquotes and quotes are escaped, so any database or table name is safe.
/// </summary>
public static class DorisSql
{
    /// <summary><c>`name`</c> with embedded backquotes doubled.</summary>
    public static string Identifier(string name) => MySqlQuote.Identifier(name);

    /// <summary>A single-quoted MySQL string literal with backslash escapes.</summary>
    public static string String(string text) => MySqlQuote.String(text);

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
