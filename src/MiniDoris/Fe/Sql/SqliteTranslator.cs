using System.Text;

namespace MiniDoris.Fe.Sql;

/// <summary>
/// Rewrites a Doris query (as tokens) into SQLite SQL: quoting, string escapes, MySQL operators, system
/// variables, <c>db.table</c> references (mapped to attached SQLite schemas), information_schema and the
/// frontends()/backends() table functions. The original spacing is kept so SQLite names expression columns
/// the way the user wrote them (<c>count(*)</c>).
/// </summary>
public static class SqliteTranslator
{
    public const string InformationSchema = "information_schema";

    public static SqliteTranslation Translate(
        IReadOnlyList<SqlToken> tokens, string sqlText, int textOffset, ITranslationScope scope, Dictionary<string, string>? sharedAliases = null)
    {
        var result = new SqliteTranslationBuilder(scope, sharedAliases ?? []);
        var tracker = new TablePositionTracker();
        var sb = new StringBuilder();
        var depth = 0;
        var selectListDepth = -1;
        var itemStart = -1;
        for (var i = 0; i < tokens.Count; i++)
        {
            var t = tokens[i];
            if (i > 0)
            {
                var gap = sqlText.Substring(tokens[i - 1].End - textOffset, t.Start - tokens[i - 1].End);
                sb.Append(gap.Length == 0 ? string.Empty : string.IsNullOrWhiteSpace(gap) ? gap : " ");
            }

            if (t.IsSymbol("("))
            {
                depth++;
            }
            else if (t.IsSymbol(")"))
            {
                depth--;
            }

            // Track the top-level select list so plain column items keep the name they were written with.
            if (t.IsKeyword("SELECT") && depth == 0)
            {
                selectListDepth = 0;
                itemStart = i + 1;
                while (itemStart < tokens.Count && (tokens[itemStart].IsKeyword("DISTINCT") || tokens[itemStart].IsKeyword("ALL")))
                {
                    itemStart++;
                }
            }

            var consumed = TranslateToken(tokens, i, sb, result, scope, tracker.AtTablePosition);
            for (var k = 0; k < consumed; k++)
            {
                tracker.Feed(tokens[i + k]);
            }

            if (consumed > 1)
            {
                tracker.TableConsumed();
            }

            i += consumed - 1;

            if (selectListDepth == 0 && depth == 0 && i + 1 <= tokens.Count)
            {
                var next = i + 1 < tokens.Count ? tokens[i + 1] : default;
                var endsItem = i + 1 >= tokens.Count || next.IsSymbol(",") || next.IsKeyword("FROM")
                    || next.IsKeyword("LIMIT") || next.IsKeyword("UNION") || next.IsKeyword("ORDER") || next.IsSymbol(";");
                if (endsItem && itemStart >= 0)
                {
                    AppendAliasIfPlainColumn(tokens, itemStart, i, sb, result);
                    itemStart = i + 2;
                    if (i + 1 >= tokens.Count || !next.IsSymbol(","))
                    {
                        selectListDepth = -1;
                        itemStart = -1;
                    }
                }
            }
        }

        return result.Build(sb.ToString());
    }

    private static void AppendAliasIfPlainColumn(IReadOnlyList<SqlToken> tokens, int start, int end, StringBuilder sb, SqliteTranslationBuilder result)
    {
        var count = end - start + 1;
        var isPlain = (count == 1 && tokens[start].IsIdentifier)
            || (count == 3 && tokens[start].IsIdentifier && tokens[start + 1].IsSymbol(".") && tokens[start + 2].IsIdentifier);
        if (!isPlain)
        {
            if (count == 1 && tokens[start].Kind == SqlTokenKind.Variable && tokens[start].Text.StartsWith("@@", StringComparison.Ordinal))
            {
                sb.Append(" AS ").Append(QuoteIdentifier(tokens[start].Text));
            }

            return;
        }

        var last = tokens[end];
        if (last.IsKeyword("NULL") || last.IsKeyword("TRUE") || last.IsKeyword("FALSE") || result.IsSubstitutedWord(end))
        {
            return;
        }

        sb.Append(" AS ").Append(QuoteIdentifier(last.Text));
    }

    /// <summary>Appends the SQLite form of tokens[i...]; returns how many tokens it consumed.</summary>
    private static int TranslateToken(
        IReadOnlyList<SqlToken> tokens, int i, StringBuilder sb, SqliteTranslationBuilder result, ITranslationScope scope, bool atTable)
    {
        var t = tokens[i];
        SqlToken Peek(int k) => i + k < tokens.Count ? tokens[i + k] : new SqlToken(SqlTokenKind.End, string.Empty, 0, 0);
        var prevIsDot = i > 0 && tokens[i - 1].IsSymbol(".");

        switch (t.Kind)
        {
            case SqlTokenKind.String:
                sb.Append(QuoteString(t.Text));
                return 1;
            case SqlTokenKind.Number:
                sb.Append(t.Text);
                return 1;
            case SqlTokenKind.Variable:
                var name = t.Text.TrimStart('@');
                if (name.StartsWith("session.", StringComparison.OrdinalIgnoreCase) || name.StartsWith("global.", StringComparison.OrdinalIgnoreCase))
                {
                    name = name[(name.IndexOf('.', StringComparison.Ordinal) + 1)..];
                }

                var value = t.Text.StartsWith("@@", StringComparison.Ordinal) ? scope.SystemVariable(name.ToLowerInvariant()) : null;
                sb.Append(result.AddParameter(value));
                return 1;
            case SqlTokenKind.Symbol:
                sb.Append(t.Text switch
                {
                    "<=>" => " IS ",
                    "&&" => " AND ",
                    "||" => " OR ",
                    _ => t.Text,
                });
                return 1;
        }

        // Identifiers and words.
        if (!prevIsDot && t.IsIdentifier && t.Text.Equals("internal", StringComparison.OrdinalIgnoreCase) && Peek(1).IsSymbol(".") && Peek(2).IsIdentifier && Peek(3).IsSymbol(".") && Peek(4).IsIdentifier)
        {
            var db = Peek(2).Text;
            var table = Peek(4).Text;
            sb.Append(result.QualifiedTable(db, table));
            return 5;
        }

        if (atTable && t.IsIdentifier && Peek(1).IsSymbol(".") && Peek(2).IsIdentifier)
        {
            var db = t.Text;
            var table = Peek(2).Text;
            if (db.Equals(InformationSchema, StringComparison.OrdinalIgnoreCase))
            {
                result.InformationSchemaTable(table);
                sb.Append(QuoteIdentifier(InformationSchema)).Append('.').Append(QuoteIdentifier(table.ToLowerInvariant()));
                return 3;
            }

            // In a table position x.y is always db.table, even for an unknown db: Doris then reports the db.
            sb.Append(result.QualifiedTable(db, table));
            return 3;
        }

        if (t.Kind == SqlTokenKind.Word && Peek(1).IsSymbol("(") && Peek(2).IsSymbol(")") && !prevIsDot)
        {
            if (t.IsKeyword("frontends"))
            {
                result.Translation.UsesFrontends = true;
                sb.Append(QuoteIdentifier("__frontends"));
                return 3;
            }

            if (t.IsKeyword("backends"))
            {
                result.Translation.UsesBackends = true;
                sb.Append(QuoteIdentifier("__backends"));
                return 3;
            }
        }

        if (t.Kind == SqlTokenKind.Word && !Peek(1).IsSymbol("("))
        {
            if (t.IsKeyword("DIV"))
            {
                sb.Append('/');
                return 1;
            }

            if (t.IsKeyword("CURRENT_TIMESTAMP") || t.IsKeyword("LOCALTIME") || t.IsKeyword("LOCALTIMESTAMP"))
            {
                result.MarkSubstituted(i);
                sb.Append("now()");
                return 1;
            }

            if (t.IsKeyword("CURRENT_DATE"))
            {
                result.MarkSubstituted(i);
                sb.Append("curdate()");
                return 1;
            }
        }

        if (atTable && t.IsIdentifier && !Peek(1).IsSymbol(".") && scope.CurrentDb is { } current
            && scope.IsTable(current, t.Text))
        {
            result.UnqualifiedTable(current, t.Text);
        }

        sb.Append(t.Kind == SqlTokenKind.QuotedIdentifier ? QuoteIdentifier(t.Text) : t.Text);
        return 1;
    }

    public static string QuoteString(string value) => "'" + value.Replace("'", "''", StringComparison.Ordinal) + "'";

    public static string QuoteIdentifier(string name) => "\"" + name.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}
