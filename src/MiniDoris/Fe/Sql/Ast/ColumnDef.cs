using MiniDoris.Fe.Catalog;

namespace MiniDoris.Fe.Sql.Ast;

/// <summary>A column definition as written in CREATE TABLE or ALTER TABLE ADD/MODIFY COLUMN.</summary>
public sealed record ColumnDef(
    string Name,
    ColumnType Type,
    AggregateType? Aggregation,
    bool? Nullable,
    string? DefaultValue,
    bool DefaultIsExpression,
    string? Comment,
    bool IsKeyMarked);
