using System.Text;
using MiniDoris.Fe.Catalog;
using MiniDoris.Fe.Qe;
using MiniDoris.Fe.Sql;
using MiniDoris.Fe.Sql.Ast;

namespace MiniDoris.Fe.Ddl;

/// <summary>
/// Rewrites a view's query the way Doris stores inline view definitions: table references fully qualified
/// as <c>`internal`.`db`.`t`</c> (the form the syncer rewrites and scans for dependencies).
/// </summary>
internal static class ViewDefinition
{
    public static string Qualify(StatementContext ctx, Database currentDb, SqlFragment query)
    {
        var tokens = query.Tokens;
        var offset = tokens[0].Start;
        var sb = new StringBuilder();
        var tracker = new TablePositionTracker();
        for (var i = 0; i < tokens.Count; i++)
        {
            var t = tokens[i];
            if (i > 0)
            {
                var gap = query.Text.Substring(tokens[i - 1].End - offset, t.Start - tokens[i - 1].End);
                sb.Append(string.IsNullOrWhiteSpace(gap) ? gap : " ");
            }

            var text = query.Text.Substring(t.Start - offset, t.Length);
            if (tracker.AtTablePosition && t.IsIdentifier)
            {
                var hasDb = i + 2 < tokens.Count && tokens[i + 1].IsSymbol(".") && tokens[i + 2].IsIdentifier;
                if (hasDb && !t.Text.Equals("internal", StringComparison.OrdinalIgnoreCase) && ctx.State.FindDb(t.Text) is not null)
                {
                    sb.Append("`internal`.").Append(Identifiers.Quote(t.Text)).Append('.').Append(Identifiers.Quote(tokens[i + 2].Text));
                    tracker.Feed(t);
                    tracker.Feed(tokens[i + 1]);
                    tracker.Feed(tokens[i + 2]);
                    tracker.TableConsumed();
                    i += 2;
                    continue;
                }

                if (!hasDb && currentDb.FindTable(t.Text) is not null)
                {
                    sb.Append("`internal`.").Append(Identifiers.Quote(currentDb.Name)).Append('.').Append(Identifiers.Quote(t.Text));
                    tracker.Feed(t);
                    continue;
                }
            }

            sb.Append(text);
            tracker.Feed(t);
        }

        return sb.ToString();
    }
}
