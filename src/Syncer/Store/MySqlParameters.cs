using System.Globalization;
using System.Text;
using Syncer.Wire.MySql;

namespace Syncer.Store;

/// <summary>
/// Client-side parameter binding for the MySQL text protocol (which has no server-side parameters): every
/// <c>@name</c> outside quotes, backquotes and comments is replaced by the value as a properly escaped literal,
/// the way MySqlConnector binds parameters by default. Statements are written with placeholders only; no
/// value is ever pasted into SQL text by hand.
/// </summary>
public static class MySqlParameters
{
    /// <summary>Returns <paramref name="sql"/> with each <c>@name</c> replaced by its value.</summary>
    /// <exception cref="ArgumentException">A placeholder has no value, or a value is of an unsupported type.</exception>
    public static string Bind(string sql, params (string Name, object? Value)[] parameters)
    {
        var values = parameters.ToDictionary(p => p.Name, p => p.Value, StringComparer.Ordinal);
        var text = new StringBuilder(sql.Length + 64);
        var i = 0;
        while (i < sql.Length)
        {
            var c = sql[i];
            if (c is '\'' or '"' or '`')
            {
                var end = SkipQuoted(sql, i);
                text.Append(sql, i, end - i);
                i = end;
            }
            else if (c == '@' && i + 1 < sql.Length && IsNameStart(sql[i + 1]) && (i == 0 || sql[i - 1] != '@'))
            {
                var start = i + 1;
                var end = start;
                while (end < sql.Length && (char.IsAsciiLetterOrDigit(sql[end]) || sql[end] == '_')) end++;
                var name = sql[start..end];
                if (!values.TryGetValue(name, out var value)) throw new ArgumentException($"no value for SQL parameter @{name}");
                text.Append(Literal(value));
                i = end;
            }
            else
            {
                text.Append(c);
                i++;
            }
        }
        return text.ToString();
    }

    private static bool IsNameStart(char c) => char.IsAsciiLetter(c) || c == '_';

    private static int SkipQuoted(string sql, int start)
    {
        var quote = sql[start];
        var i = start + 1;
        while (i < sql.Length)
        {
            if (sql[i] == '\\' && quote != '`') i += 2;
            else if (sql[i] == quote && i + 1 < sql.Length && sql[i + 1] == quote) i += 2;
            else if (sql[i] == quote) return i + 1;
            else i++;
        }
        return sql.Length;
    }

    private static string Literal(object? value) => value switch
    {
        null => "NULL",
        string s => MySqlQuote.String(s),
        bool b => b ? "1" : "0",
        int n => n.ToString(CultureInfo.InvariantCulture),
        long n => n.ToString(CultureInfo.InvariantCulture),
        _ => throw new ArgumentException($"unsupported SQL parameter type {value.GetType().Name}"),
    };
}
