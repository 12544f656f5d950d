namespace MiniDoris.Fe.Sql;

/// <summary>
/// One lexical token. <see cref="Start"/> and <see cref="Length"/> locate the token in the original text,
/// so statements can keep verbatim fragments (view bodies, predicates) exactly as the user wrote them.
/// </summary>
public readonly record struct SqlToken(SqlTokenKind Kind, string Text, int Start, int Length)
{
    /// <summary>Position just after the token.</summary>
    public int End => Start + Length;

    /// <summary>True for an unquoted word equal (case-insensitively) to <paramref name="keyword"/>.</summary>
    public bool IsKeyword(string keyword) =>
        Kind == SqlTokenKind.Word && string.Equals(Text, keyword, StringComparison.OrdinalIgnoreCase);

    /// <summary>True for the symbol <paramref name="symbol"/>.</summary>
    public bool IsSymbol(string symbol) => Kind == SqlTokenKind.Symbol && Text == symbol;

    /// <summary>True when the token can name an object (a word or a backquoted identifier).</summary>
    public bool IsIdentifier => Kind is SqlTokenKind.Word or SqlTokenKind.QuotedIdentifier;

    public override string ToString() => Kind == SqlTokenKind.End ? "<EOF>" : Text;
}
