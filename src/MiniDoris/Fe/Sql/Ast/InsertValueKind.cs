namespace MiniDoris.Fe.Sql.Ast;

/// <summary>The kinds of <see cref="InsertValue"/>.</summary>
public enum InsertValueKind
{
    Literal,
    Default,
    Expression,
}
