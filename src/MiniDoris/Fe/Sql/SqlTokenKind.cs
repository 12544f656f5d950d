namespace MiniDoris.Fe.Sql;

/// <summary>The lexical classes of the Doris SQL dialect that the parser distinguishes.</summary>
public enum SqlTokenKind
{
    /// <summary>An unquoted word: a keyword or a plain identifier.</summary>
    Word,

    /// <summary>A backquoted identifier; <see cref="SqlToken.Text"/> holds the unescaped name.</summary>
    QuotedIdentifier,

    /// <summary>A single- or double-quoted string; <see cref="SqlToken.Text"/> holds the unescaped value.</summary>
    String,

    /// <summary>An integer or decimal literal, kept as written.</summary>
    Number,

    /// <summary>A session or system variable reference such as <c>@@version_comment</c> or <c>@x</c>.</summary>
    Variable,

    /// <summary>Punctuation or an operator.</summary>
    Symbol,

    /// <summary>The end of the statement text.</summary>
    End,
}
