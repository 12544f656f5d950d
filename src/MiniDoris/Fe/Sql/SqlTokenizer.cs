using System.Text;

namespace MiniDoris.Fe.Sql;

/// <summary>
/// Splits Doris SQL text into tokens. Follows the MySQL-family lexical rules Doris uses: backquoted identifiers
/// with doubled backquotes inside, single- or double-quoted strings with backslash escapes and doubled quotes,
/// <c>--</c>, <c>#</c> and <c>/* */</c> comments, and unicode letters in unquoted names.
/// </summary>
public static class SqlTokenizer
{
    private static readonly string[] MultiCharSymbols = ["<=>", "<=", ">=", "<>", "!=", "||", "&&", ":="];

    /// <summary>Tokenizes <paramref name="sql"/>; the last token is always <see cref="SqlTokenKind.End"/>.</summary>
    public static List<SqlToken> Tokenize(string sql)
    {
        var tokens = new List<SqlToken>();
        var i = 0;
        while (true)
        {
            i = SkipSpaceAndComments(sql, i);
            if (i >= sql.Length)
            {
                tokens.Add(new SqlToken(SqlTokenKind.End, string.Empty, sql.Length, 0));
                return tokens;
            }

            var c = sql[i];
            if (c == '`')
            {
                tokens.Add(ReadQuotedIdentifier(sql, i));
            }
            else if (c is '\'' or '"')
            {
                tokens.Add(ReadString(sql, i));
            }
            else if (char.IsDigit(c) || (c == '.' && i + 1 < sql.Length && char.IsDigit(sql[i + 1]) && !PreviousIsName(tokens)))
            {
                tokens.Add(ReadNumber(sql, i));
            }
            else if (c == '@')
            {
                tokens.Add(ReadVariable(sql, i));
            }
            else if (IsWordStart(c))
            {
                var start = i;
                while (i < sql.Length && IsWordPart(sql[i]))
                {
                    i++;
                }

                tokens.Add(new SqlToken(SqlTokenKind.Word, sql[start..i], start, i - start));
                continue;
            }
            else
            {
                tokens.Add(ReadSymbol(sql, i));
            }

            i = tokens[^1].End;
        }
    }

    private static bool PreviousIsName(List<SqlToken> tokens) =>
        tokens.Count > 0 && (tokens[^1].IsIdentifier || tokens[^1].IsSymbol(")"));

    private static bool IsWordStart(char c) => char.IsLetter(c) || c == '_' || c == '$' || char.IsSurrogate(c) || c > 127;

    private static bool IsWordPart(char c) => IsWordStart(c) || char.IsDigit(c);

    private static int SkipSpaceAndComments(string sql, int i)
    {
        while (i < sql.Length)
        {
            var c = sql[i];
            if (char.IsWhiteSpace(c))
            {
                i++;
            }
            else if (c == '#' || (c == '-' && i + 1 < sql.Length && sql[i + 1] == '-'
                && (i + 2 >= sql.Length || char.IsWhiteSpace(sql[i + 2]))))
            {
                while (i < sql.Length && sql[i] != '\n')
                {
                    i++;
                }
            }
            else if (c == '/' && i + 1 < sql.Length && sql[i + 1] == '*')
            {
                var close = sql.IndexOf("*/", i + 2, StringComparison.Ordinal);
                if (close < 0)
                {
                    throw DorisErrors.Syntax(sql, i, "unclosed comment");
                }

                i = close + 2;
            }
            else
            {
                break;
            }
        }

        return i;
    }

    private static SqlToken ReadQuotedIdentifier(string sql, int start)
    {
        var sb = new StringBuilder();
        var i = start + 1;
        while (true)
        {
            if (i >= sql.Length)
            {
                throw DorisErrors.Syntax(sql, start, "unclosed backquoted identifier");
            }

            if (sql[i] == '`')
            {
                if (i + 1 < sql.Length && sql[i + 1] == '`')
                {
                    sb.Append('`');
                    i += 2;
                    continue;
                }

                return new SqlToken(SqlTokenKind.QuotedIdentifier, sb.ToString(), start, i + 1 - start);
            }

            sb.Append(sql[i]);
            i++;
        }
    }

    private static SqlToken ReadString(string sql, int start)
    {
        var quote = sql[start];
        var sb = new StringBuilder();
        var i = start + 1;
        while (true)
        {
            if (i >= sql.Length)
            {
                throw DorisErrors.Syntax(sql, start, "unclosed string literal");
            }

            var c = sql[i];
            if (c == '\\' && i + 1 < sql.Length)
            {
                var e = sql[i + 1];
                switch (e)
                {
                    case 'n': sb.Append('\n'); break;
                    case 't': sb.Append('\t'); break;
                    case 'r': sb.Append('\r'); break;
                    case 'b': sb.Append('\b'); break;
                    case '0': sb.Append('\0'); break;
                    case 'Z': sb.Append('\u001a'); break;
                    // LIKE wildcards keep their backslash so the pattern still escapes them.
                    case '%': sb.Append("\\%"); break;
                    case '_': sb.Append("\\_"); break;
                    default: sb.Append(e); break;
                }

                i += 2;
                continue;
            }

            if (c == quote)
            {
                if (i + 1 < sql.Length && sql[i + 1] == quote)
                {
                    sb.Append(quote);
                    i += 2;
                    continue;
                }

                return new SqlToken(SqlTokenKind.String, sb.ToString(), start, i + 1 - start);
            }

            sb.Append(c);
            i++;
        }
    }

    private static SqlToken ReadNumber(string sql, int start)
    {
        var i = start;
        if (sql[i] == '0' && i + 1 < sql.Length && (sql[i + 1] == 'x' || sql[i + 1] == 'X'))
        {
            i += 2;
            while (i < sql.Length && Uri.IsHexDigit(sql[i]))
            {
                i++;
            }

            return new SqlToken(SqlTokenKind.Number, sql[start..i], start, i - start);
        }

        while (i < sql.Length && char.IsDigit(sql[i]))
        {
            i++;
        }

        if (i < sql.Length && sql[i] == '.')
        {
            i++;
            while (i < sql.Length && char.IsDigit(sql[i]))
            {
                i++;
            }
        }

        if (i < sql.Length && (sql[i] == 'e' || sql[i] == 'E'))
        {
            var j = i + 1;
            if (j < sql.Length && (sql[j] == '+' || sql[j] == '-'))
            {
                j++;
            }

            if (j < sql.Length && char.IsDigit(sql[j]))
            {
                i = j;
                while (i < sql.Length && char.IsDigit(sql[i]))
                {
                    i++;
                }
            }
        }

        // A number glued to letters (1abc) is a MySQL-style identifier such as a table named `1t`.
        if (i < sql.Length && IsWordStart(sql[i]) && !sql[start..i].Contains('.', StringComparison.Ordinal))
        {
            while (i < sql.Length && IsWordPart(sql[i]))
            {
                i++;
            }

            return new SqlToken(SqlTokenKind.Word, sql[start..i], start, i - start);
        }

        return new SqlToken(SqlTokenKind.Number, sql[start..i], start, i - start);
    }

    private static SqlToken ReadVariable(string sql, int start)
    {
        var i = start + 1;
        if (i < sql.Length && sql[i] == '@')
        {
            i++;
        }

        if (i < sql.Length && sql[i] == '`')
        {
            var quoted = ReadQuotedIdentifier(sql, i);
            return new SqlToken(SqlTokenKind.Variable, sql[start..i] + quoted.Text, start, quoted.End - start);
        }

        while (i < sql.Length && (IsWordPart(sql[i]) || sql[i] == '.'))
        {
            i++;
        }

        return new SqlToken(SqlTokenKind.Variable, sql[start..i], start, i - start);
    }

    private static SqlToken ReadSymbol(string sql, int start)
    {
        foreach (var s in MultiCharSymbols)
        {
            if (string.CompareOrdinal(sql, start, s, 0, s.Length) == 0)
            {
                return new SqlToken(SqlTokenKind.Symbol, s, start, s.Length);
            }
        }

        return new SqlToken(SqlTokenKind.Symbol, sql[start].ToString(), start, 1);
    }
}
