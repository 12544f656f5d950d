using MiniDoris.Fe.Catalog;
using MiniDoris.Fe.Sql;
using MiniDoris.Fe.Sql.Ast;

namespace MiniDoris.Fe.Load;

/// <summary>
/// The partitions a DELETE writes, as Nereids' DeleteFromCommand chooses them: the candidate partitions (the PARTITION
/// clause, or every partition) pruned by the WHERE predicate on the partition columns (PartitionPruner over the
/// filter). Only those get a delete rowset and a new version, so only those appear in the UPSERT. minidoris prunes on
/// the conjuncts Doris's delete accepts that name a partition column (=, !=, &lt;, &lt;=, &gt;, &gt;=, IN); a conjunct it
/// cannot read keeps every candidate, so it may keep more than Doris, never fewer.
/// </summary>
internal static class DeletePartitionPruner
{
    public static List<Partition> Prune(OlapTable table, IReadOnlyList<Partition> candidates, SqlFragment where)
    {
        if (table.PartitionType == PartitionType.UNPARTITIONED || table.PartitionColumns.Count == 0)
        {
            return [.. candidates];
        }

        var constraints = Read(table, where);
        if (constraints.Count == 0)
        {
            return [.. candidates];
        }

        var types = table.PartitionColumnTypes();
        return candidates.Where(p => MayMatch(table, p.Item, types, constraints)).ToList();
    }

    private static bool MayMatch(OlapTable table, PartitionItem? item, IReadOnlyList<ColumnType> types, List<Constraint> constraints)
    {
        switch (item)
        {
            case ListPartitionItem list:
                // A list partition may match when one of its keys satisfies every constraint on its columns.
                return list.Keys.Any(key => constraints.All(c =>
                    c.ColumnIndex >= key.Values.Count
                    || key.Values[c.ColumnIndex].Kind != PartitionValueKind.Value
                    || !types[c.ColumnIndex].TryCoerce(key.Values[c.ColumnIndex].Text, out var v)
                    || c.Allows(v, types[c.ColumnIndex])));
            case RangePartitionItem range:
                // Ranges order by the leading column first: prune on it, keep the partition for the others.
                var first = constraints.Where(c => c.ColumnIndex == 0).ToList();
                if (first.Count == 0)
                {
                    return true;
                }

                var type = types[0];
                var lower = Bound(range.Lower, type);
                var upper = Bound(range.Upper, type);
                return first.All(c => c.Intersects(lower, upper, type));
            default:
                return true;
        }
    }

    /// <summary>The leading column's bound of a range key; null for MINVALUE/MAXVALUE (unbounded).</summary>
    private static object? Bound(PartitionKey key, ColumnType type) =>
        key.Values.Count > 0 && key.Values[0].Kind == PartitionValueKind.Value && type.TryCoerce(key.Values[0].Text, out var v) ? v : null;

    private static List<Constraint> Read(OlapTable table, SqlFragment where)
    {
        var tokens = where.Tokens.Where(t => t.Kind != SqlTokenKind.End).ToList();
        var result = new List<Constraint>();
        var depth = 0;
        var start = 0;
        for (var i = 0; i <= tokens.Count; i++)
        {
            if (i < tokens.Count)
            {
                depth += tokens[i].IsSymbol("(") ? 1 : tokens[i].IsSymbol(")") ? -1 : 0;
                if (depth != 0 || !tokens[i].IsKeyword("AND"))
                {
                    continue;
                }
            }

            if (Parse(table, tokens.GetRange(start, i - start)) is { } constraint)
            {
                result.Add(constraint);
            }

            start = i + 1;
        }

        return result;
    }

    private static Constraint? Parse(OlapTable table, List<SqlToken> t)
    {
        if (t.Count < 3 || !t[0].IsIdentifier)
        {
            return null;
        }

        var column = table.PartitionColumns.FindIndex(c => c.Equals(t[0].Text, StringComparison.OrdinalIgnoreCase));
        if (column < 0)
        {
            return null;
        }

        var type = table.PartitionColumnTypes()[column];
        if (t[1].IsKeyword("IN") && t[2].IsSymbol("(") && t[^1].IsSymbol(")"))
        {
            var values = new List<object?>();
            var at = 3;
            while (at < t.Count - 1)
            {
                if (!TryLiteral(t, ref at, type, out var value))
                {
                    return null;
                }

                values.Add(value);
                if (t[at].IsSymbol(","))
                {
                    at++;
                }
            }

            return new Constraint(column, "IN", values);
        }

        var op = t[1].Kind == SqlTokenKind.Symbol ? t[1].Text : null;
        var pos = 2;
        if (op is not ("=" or "!=" or "<>" or "<" or "<=" or ">" or ">=") || !TryLiteral(t, ref pos, type, out var literal) || pos != t.Count)
        {
            return null;
        }

        return new Constraint(column, op == "<>" ? "!=" : op, [literal]);
    }

    private static bool TryLiteral(List<SqlToken> t, ref int at, ColumnType type, out object? value)
    {
        value = null;
        var negative = t[at].IsSymbol("-") && at + 1 < t.Count && t[at + 1].Kind == SqlTokenKind.Number;
        if (negative)
        {
            at++;
        }

        if (t[at].Kind is not (SqlTokenKind.Number or SqlTokenKind.String))
        {
            return false;
        }

        var text = (negative ? "-" : string.Empty) + t[at].Text;
        at++;
        return type.TryCoerce(text, out value) && value is not null;
    }

    /// <summary>One conjunct on a partition column: the operator and its literal(s), coerced to the column's type.</summary>
    private sealed record Constraint(int ColumnIndex, string Op, List<object?> Values)
    {
        public bool Allows(object? v, ColumnType type) => Op switch
        {
            "IN" => Values.Any(x => type.Compare(v, x) == 0),
            "=" => type.Compare(v, Values[0]) == 0,
            "!=" => type.Compare(v, Values[0]) != 0,
            "<" => type.Compare(v, Values[0]) < 0,
            "<=" => type.Compare(v, Values[0]) <= 0,
            ">" => type.Compare(v, Values[0]) > 0,
            _ => type.Compare(v, Values[0]) >= 0,
        };

        /// <summary>True when some value of [lower, upper) satisfies this conjunct (null bounds are unbounded).</summary>
        public bool Intersects(object? lower, object? upper, ColumnType type)
        {
            bool Inside(object? x) => (lower is null || type.Compare(x, lower) >= 0) && (upper is null || type.Compare(x, upper) < 0);
            var x0 = Values.Count > 0 ? Values[0] : null;
            return Op switch
            {
                "IN" => Values.Any(Inside),
                "=" => Inside(x0),
                // Only a single-value range [x, x] is ruled out by !=; with discrete keys that is rare enough to keep.
                "!=" => true,
                "<" => lower is null || type.Compare(lower, x0) < 0,
                "<=" => lower is null || type.Compare(lower, x0) <= 0,
                ">" => upper is null || type.Compare(upper, x0) > 0,
                _ => upper is null || type.Compare(upper, x0) > 0,
            };
        }
    }
}
