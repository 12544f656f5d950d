namespace MiniDoris.Fe.Sql.Ast;

/// <summary>A run of tokens kept unparsed (a query, a predicate, an expression) together with its original text.</summary>
public sealed record SqlFragment(IReadOnlyList<SqlToken> Tokens, string Text);
