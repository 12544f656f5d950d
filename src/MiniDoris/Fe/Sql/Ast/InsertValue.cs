namespace MiniDoris.Fe.Sql.Ast;

/// <summary>
/// One value of an INSERT ... VALUES row: a literal already converted (fast path), DEFAULT, or an expression
/// to evaluate.
/// </summary>
public sealed record InsertValue(InsertValueKind Kind, object? Literal, SqlFragment? Expression)
{
    public static readonly InsertValue DefaultValue = new(InsertValueKind.Default, null, null);
}
