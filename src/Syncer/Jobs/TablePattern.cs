using System.Text;

namespace Syncer.Jobs;

/// <summary>
/// One entry of <c>include_tables</c> / <c>exclude_tables</c>: a table name or a glob, matched against whole source
/// table names, case-sensitively (Doris table names are case-sensitive by default). Syntax:
/// <list type="bullet">
/// <item><c>*</c> any run of characters (also none), <c>?</c> exactly one character (a Unicode code point, so <c>?</c>
/// matches one emoji or one CJK character), <c>[abc]</c>, <c>[a-z]</c>, <c>[!a-z]</c> (or <c>[^a-z]</c>) one character of
/// (not of) a set, <c>\x</c> the character x itself (<c>\*</c>, <c>\[</c>, <c>\\</c>);</item>
/// <item>a pattern in backquotes is a literal name, as in SQL: <c>`sales*`</c> is the table named <c>sales*</c>, and a
/// backquote inside is doubled (<c>`we``ird`</c> is <c>we`ird</c>). Backquotes anywhere else are ordinary characters.</item>
/// </list>
/// Pure and immutable; <see cref="Parse"/> throws <see cref="FormatException"/> with a message fit for the API.
/// </summary>
public sealed class TablePattern
{
    private readonly Token[] _tokens;

    private TablePattern(string text, Token[] tokens, string? literal)
    {
        Text = text;
        _tokens = tokens;
        Literal = literal;
    }

    /// <summary>The pattern as written.</summary>
    public string Text { get; }

    /// <summary>The exact name it stands for when it has no wildcard (backquoted, or a plain name); null for a glob.</summary>
    public string? Literal { get; }

    /// <summary>Reads a pattern.</summary>
    /// <exception cref="FormatException">Empty, a control character, an unclosed backquote or <c>[</c>, a trailing <c>\</c>.</exception>
    public static TablePattern Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Length == 0) throw new FormatException("is empty");
        if (text.Any(char.IsControl)) throw new FormatException("contains a control character");
        if (text.Trim().Length != text.Length) throw new FormatException("has leading or trailing spaces");
        if (text[0] == '`') return ParseQuoted(text);
        var runes = text.EnumerateRunes().ToArray();
        var tokens = new List<Token>();
        var literal = new StringBuilder();
        var wild = false;
        for (var i = 0; i < runes.Length; i++)
        {
            var r = runes[i];
            switch (r.Value)
            {
                case '*':
                    wild = true;
                    // Consecutive stars mean the same as one.
                    if (tokens.Count == 0 || tokens[^1].Kind != TokenKind.Star) tokens.Add(new Token(TokenKind.Star));
                    break;
                case '?':
                    wild = true;
                    tokens.Add(new Token(TokenKind.Any));
                    break;
                case '[':
                    wild = true;
                    tokens.Add(ParseClass(runes, ref i));
                    break;
                case '\\':
                    if (i + 1 >= runes.Length) throw new FormatException("ends with '\\' (write \\\\ for a backslash)");
                    i++;
                    tokens.Add(new Token(TokenKind.Char, runes[i]));
                    literal.Append(runes[i].ToString());
                    break;
                default:
                    tokens.Add(new Token(TokenKind.Char, r));
                    literal.Append(r.ToString());
                    break;
            }
        }
        return new TablePattern(text, [.. tokens], wild ? null : literal.ToString());
    }

    /// <summary>Whether <paramref name="table"/> matches the whole pattern.</summary>
    public bool Matches(string table)
    {
        ArgumentNullException.ThrowIfNull(table);
        if (Literal is not null) return string.Equals(Literal, table, StringComparison.Ordinal);
        var name = table.EnumerateRunes().ToArray();
        // Classic glob matching with one backtrack point: the last star and where it resumed.
        int t = 0, n = 0, starT = -1, starN = 0;
        while (n < name.Length)
        {
            if (t < _tokens.Length && _tokens[t].Kind != TokenKind.Star && _tokens[t].Accepts(name[n]))
            {
                t++;
                n++;
            }
            else if (t < _tokens.Length && _tokens[t].Kind == TokenKind.Star)
            {
                starT = t++;
                starN = n;
            }
            else if (starT >= 0)
            {
                t = starT + 1;
                n = ++starN;
            }
            else
            {
                return false;
            }
        }
        while (t < _tokens.Length && _tokens[t].Kind == TokenKind.Star) t++;
        return t == _tokens.Length;
    }

    /// <inheritdoc />
    public override string ToString() => Text;

    private static TablePattern ParseQuoted(string text)
    {
        var name = new StringBuilder();
        var i = 1;
        while (true)
        {
            if (i >= text.Length) throw new FormatException("has an unclosed backquote (a literal name is written `name`, a backquote inside it as ``)");
            if (text[i] == '`')
            {
                if (i + 1 < text.Length && text[i + 1] == '`')
                {
                    name.Append('`');
                    i += 2;
                    continue;
                }
                if (i + 1 != text.Length) throw new FormatException("has text after its closing backquote (a backquote inside a quoted name is written ``)");
                break;
            }
            name.Append(text[i]);
            i++;
        }
        if (name.Length == 0) throw new FormatException("is an empty quoted name");
        var literal = name.ToString();
        return new TablePattern(text, [.. literal.EnumerateRunes().Select(r => new Token(TokenKind.Char, r))], literal);
    }

    private static Token ParseClass(Rune[] runes, ref int i)
    {
        var start = i;
        i++;
        var negated = i < runes.Length && runes[i].Value is '!' or '^';
        if (negated) i++;
        var ranges = new List<(Rune From, Rune To)>();
        // A ']' right after '[' (or '[!') is a member, as in shell globs.
        var first = true;
        while (true)
        {
            if (i >= runes.Length) throw new FormatException($"has an unclosed '[' at character {start + 1} (write \\[ for a literal '[')");
            var r = runes[i];
            if (r.Value == ']' && !first) break;
            first = false;
            if (r.Value == '\\')
            {
                if (i + 1 >= runes.Length) throw new FormatException("ends with '\\' (write \\\\ for a backslash)");
                r = runes[++i];
            }
            if (i + 2 < runes.Length && runes[i + 1].Value == '-' && runes[i + 2].Value != ']')
            {
                var to = runes[i + 2];
                if (to.Value == '\\')
                {
                    if (i + 3 >= runes.Length) throw new FormatException("ends with '\\' (write \\\\ for a backslash)");
                    to = runes[i + 3];
                    i++;
                }
                if (to < r) throw new FormatException($"has the empty range {r}-{to} in '[...]'");
                ranges.Add((r, to));
                i += 3;
                continue;
            }
            ranges.Add((r, r));
            i++;
        }
        return new Token(TokenKind.Class, default, [.. ranges], negated);
    }

    private enum TokenKind
    {
        Char,
        Any,
        Star,
        Class,
    }

    private readonly record struct Token(TokenKind Kind, Rune Rune = default, (Rune From, Rune To)[]? Ranges = null, bool Negated = false)
    {
        public bool Accepts(Rune r) => Kind switch
        {
            TokenKind.Char => r == Rune,
            TokenKind.Any => true,
            TokenKind.Class => Ranges!.Any(x => r >= x.From && r <= x.To) != Negated,
            _ => false,
        };
    }
}
