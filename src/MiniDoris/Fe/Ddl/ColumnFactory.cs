using MiniDoris.Fe.Catalog;
using MiniDoris.Fe.Sql.Ast;

namespace MiniDoris.Fe.Ddl;

/// <summary>Builds catalog columns from written column definitions.</summary>
internal static class ColumnFactory
{
    public static Column FromDef(ColumnDef def, int uniqueId)
    {
        var column = new Column
        {
            Name = def.Name,
            Type = def.Type,
            Aggregation = def.Aggregation ?? AggregateType.NONE,
            IsAllowNull = def.Nullable ?? true,
            DefaultValue = def.DefaultValue,
            DefaultIsExpression = def.DefaultIsExpression,
            Comment = def.Comment ?? string.Empty,
            UniqueId = uniqueId,
            IsKey = def.IsKeyMarked,
        };
        if (def.DefaultValue is not null && !def.DefaultIsExpression && !def.Type.TryCoerce(def.DefaultValue, out _))
        {
            throw DorisErrors.Generic($"Invalid default value for '{def.Name}': {def.DefaultValue}");
        }

        if (def.DefaultIsExpression && !def.Type.IsDateLike)
        {
            throw DorisErrors.Generic($"Types other than DATETIME and DATETIMEV2 cannot use current_timestamp as the default value");
        }

        return column;
    }

    /// <summary>Sets the aggregation of a value column according to the table model, with Doris's checks.</summary>
    public static void ApplyValueAggregation(KeysType keys, Column column)
    {
        switch (keys)
        {
            case KeysType.AGG_KEYS:
                if (column.Aggregation == AggregateType.NONE)
                {
                    throw DorisErrors.Generic($"The column[{column.Name}] must specify aggregate type in AGGREGATE KEY table");
                }

                if (column.Aggregation == AggregateType.SUM && !column.Type.IsNumeric)
                {
                    throw DorisErrors.Generic($"Aggregate type SUM is not compatible with primitive type {column.Type.ToSql()}");
                }

                column.IsAggregationImplicit = false;
                break;
            case KeysType.UNIQUE_KEYS:
                if (column.Aggregation is not (AggregateType.NONE or AggregateType.REPLACE))
                {
                    throw DorisErrors.Generic($"Can not assign aggregation method on column in Unique data model table: {column.Name}");
                }

                column.Aggregation = AggregateType.REPLACE;
                column.IsAggregationImplicit = true;
                break;
            default:
                if (column.Aggregation != AggregateType.NONE)
                {
                    throw DorisErrors.Generic($"Can not assign aggregation method on column in Duplicate data model table: {column.Name}");
                }

                column.IsAggregationImplicit = true;
                break;
        }
    }

    /// <summary>Bytes a column contributes to the short key index (Doris's index size per type).</summary>
    public static int IndexSize(ColumnType type) => type.Type switch
    {
        PrimitiveType.BOOLEAN or PrimitiveType.TINYINT => 1,
        PrimitiveType.SMALLINT => 2,
        PrimitiveType.INT or PrimitiveType.DATEV2 or PrimitiveType.DECIMAL32 or PrimitiveType.FLOAT => 4,
        PrimitiveType.BIGINT or PrimitiveType.DATETIMEV2 or PrimitiveType.DECIMAL64 or PrimitiveType.DOUBLE => 8,
        PrimitiveType.LARGEINT or PrimitiveType.DECIMAL128 => 16,
        PrimitiveType.CHAR => type.Length,
        _ => 20,
    };
}
