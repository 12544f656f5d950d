using System.Text;

namespace MiniDoris.Fe.Catalog;

/// <summary>A column of a table schema.</summary>
public sealed class Column
{
    public string Name { get; set; } = string.Empty;

    public ColumnType Type { get; set; } = new(PrimitiveType.INT);

    public bool IsKey { get; set; }

    public AggregateType Aggregation { get; set; } = AggregateType.NONE;

    /// <summary>True when the aggregation is implied by the table model (UNIQUE/DUPLICATE) and not printed.</summary>
    public bool IsAggregationImplicit { get; set; }

    public bool IsAllowNull { get; set; } = true;

    /// <summary>The default value as written (without quotes); null when there is none.</summary>
    public string? DefaultValue { get; set; }

    /// <summary>True when the default is an expression such as CURRENT_TIMESTAMP, printed without quotes.</summary>
    public bool DefaultIsExpression { get; set; }

    public string Comment { get; set; } = string.Empty;

    /// <summary>The column's unique id within its table; stays the same across renames (as in Doris).</summary>
    public int UniqueId { get; set; }

    public Column Clone() => (Column)MemberwiseClone();

    /// <summary>The column definition as SHOW CREATE TABLE prints it.</summary>
    public string ToSql()
    {
        var sb = new StringBuilder();
        sb.Append(Identifiers.Quote(Name)).Append(' ').Append(Type.ToSql());
        if (Aggregation != AggregateType.NONE && !IsAggregationImplicit)
        {
            sb.Append(' ').Append(Aggregation.ToString());
        }

        sb.Append(IsAllowNull ? " NULL" : " NOT NULL");
        if (DefaultValue is not null)
        {
            sb.Append(DefaultIsExpression ? $" DEFAULT {DefaultValue}" : $" DEFAULT \"{DefaultValue}\"");
        }

        if (!string.IsNullOrWhiteSpace(Comment))
        {
            sb.Append(" COMMENT \"").Append(Comment).Append('"');
        }

        return sb.ToString();
    }
}
