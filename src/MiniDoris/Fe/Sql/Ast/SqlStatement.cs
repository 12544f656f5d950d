namespace MiniDoris.Fe.Sql.Ast;

/// <summary>A parsed statement; <see cref="Text"/> is the statement exactly as written (without the trailing semicolon).</summary>
public abstract record SqlStatement
{
    public string Text { get; init; } = string.Empty;
}
