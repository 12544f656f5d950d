using System.Globalization;
using System.Text;

namespace MiniDoris.Fe.Catalog;

/// <summary>
/// A tuple of partition column values with their types. Prints as Doris's PartitionKey does: the
/// <see cref="ToString"/> form (<c>types: [INT]; keys: [10]; </c>) is what the syncer compares across clusters,
/// and <see cref="ToSql"/> (<c>("10")</c>) is what ADD PARTITION binlogs carry.
/// </summary>
public sealed class PartitionKey
{
    public List<PrimitiveType> Types { get; set; } = [];

    public List<PartitionValue> Values { get; set; } = [];

    /// <summary>The lower bound of a first range partition: each column's minimum.</summary>
    public static PartitionKey Minimum(IReadOnlyList<Column> columns) => new()
    {
        Types = columns.Select(c => c.Type.Type).ToList(),
        Values = columns.Select(_ => new PartitionValue(PartitionValueKind.Min, null)).ToList(),
    };

    public override string ToString()
    {
        var sb = new StringBuilder("types: [");
        sb.Append(string.Join(", ", Types.Select(t => t.ToString())));
        sb.Append("]; keys: [");
        sb.Append(string.Join(", ", Values.Select((v, i) => DisplayText(v, Types[i]))));
        sb.Append("]; ");
        return sb.ToString();
    }

    /// <summary>The SQL form used in ADD PARTITION statements, e.g. <c>("10", "20")</c> or <c>('2024-01-01')</c>.</summary>
    public string ToSql()
    {
        var parts = Values.Select((v, i) => v.Kind switch
        {
            PartitionValueKind.Max => "MAXVALUE",
            PartitionValueKind.Null => "NULL",
            _ => Types[i] is PrimitiveType.DATEV2 or PrimitiveType.DATETIMEV2
                ? "'" + DisplayText(v, Types[i]) + "'"
                : "\"" + DisplayText(v, Types[i]) + "\"",
        });
        return "(" + string.Join(", ", parts) + ")";
    }

    /// <summary>The value as Doris prints it; a minimum prints as the type's smallest value.</summary>
    public static string DisplayText(PartitionValue value, PrimitiveType type) => value.Kind switch
    {
        PartitionValueKind.Max => "MAXVALUE",
        PartitionValueKind.Null => "NULL",
        PartitionValueKind.Min => type switch
        {
            PrimitiveType.TINYINT => sbyte.MinValue.ToString(CultureInfo.InvariantCulture),
            PrimitiveType.SMALLINT => short.MinValue.ToString(CultureInfo.InvariantCulture),
            PrimitiveType.INT => int.MinValue.ToString(CultureInfo.InvariantCulture),
            PrimitiveType.BIGINT => long.MinValue.ToString(CultureInfo.InvariantCulture),
            PrimitiveType.LARGEINT => Int128.MinValue.ToString(CultureInfo.InvariantCulture),
            PrimitiveType.DATEV2 => "0000-01-01",
            PrimitiveType.DATETIMEV2 => "0000-01-01 00:00:00",
            _ => string.Empty,
        },
        _ => value.Text ?? string.Empty,
    };

    /// <summary>Orders keys position by position by their column types; MIN sorts first and MAX last.</summary>
    public int CompareTo(PartitionKey other, IReadOnlyList<ColumnType> types)
    {
        for (var i = 0; i < Math.Min(Values.Count, other.Values.Count); i++)
        {
            var c = CompareValue(Values[i], other.Values[i], types[i]);
            if (c != 0)
            {
                return c;
            }
        }

        return Values.Count.CompareTo(other.Values.Count);
    }

    public bool SameAs(PartitionKey other) => ToString() == other.ToString();

    private static int CompareValue(PartitionValue a, PartitionValue b, ColumnType type)
    {
        static int Rank(PartitionValue v) => v.Kind switch
        {
            PartitionValueKind.Min => 0,
            PartitionValueKind.Null => 1,
            PartitionValueKind.Value => 2,
            _ => 3,
        };

        var ra = Rank(a);
        var rb = Rank(b);
        if (ra != rb || ra != 2)
        {
            return ra.CompareTo(rb);
        }

        type.TryCoerce(a.Text, out var va);
        type.TryCoerce(b.Text, out var vb);
        return type.Compare(va, vb);
    }
}
