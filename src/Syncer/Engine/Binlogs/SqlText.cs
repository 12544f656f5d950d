using System.Text;
using System.Text.RegularExpressions;

namespace Syncer.Engine.Binlogs;

/// <summary>
/// Small lexical helpers for the SQL fragments Doris puts in binlog payloads. They look at keywords only outside
/// backquoted names and string literals, so a partition named <c>`p_buckets`</c> or a comment containing
/// "DISTRIBUTED BY" cannot change how a statement is rebuilt (the Go syncer searches the raw text).
/// </summary>
internal static partial class SqlText
{
    /// <summary>
    /// The positions of <paramref name="sql"/> that are code (not inside `...`, '...' or "..."), as a copy where
    /// quoted characters are replaced by spaces. Same length as the input, so indexes carry over.
    /// </summary>
    public static string MaskQuoted(string sql)
    {
        var masked = new StringBuilder(sql.Length);
        var i = 0;
        while (i < sql.Length)
        {
            var c = sql[i];
            if (c is '`' or '\'' or '"')
            {
                var end = EndOfQuoted(sql, i);
                masked.Append(c);
                masked.Append(' ', Math.Max(0, end - i - 2));
                if (end - i >= 2) masked.Append(sql[end - 1]);
                i = end;
                continue;
            }
            masked.Append(c);
            i++;
        }
        return masked.ToString();
    }

    /// <summary>The index just past the quoted token starting at <paramref name="start"/> (doubled quotes and, in strings, backslash escapes stay inside).</summary>
    public static int EndOfQuoted(string sql, int start)
    {
        var quote = sql[start];
        var i = start + 1;
        while (i < sql.Length)
        {
            var c = sql[i];
            if (c == '\\' && quote != '`')
            {
                i += 2;
                continue;
            }
            if (c == quote)
            {
                if (i + 1 < sql.Length && sql[i + 1] == quote)
                {
                    i += 2;
                    continue;
                }
                return i + 1;
            }
            i++;
        }
        return sql.Length;
    }

    /// <summary>
    /// The index of the keyword sequence <paramref name="words"/> (separated by any whitespace, case-insensitive,
    /// on word boundaries) in the code part of <paramref name="sql"/>, searching from the end when <paramref name="last"/>; -1 when absent.
    /// </summary>
    public static int IndexOfKeywords(string sql, bool last, params string[] words)
    {
        var masked = MaskQuoted(sql);
        var found = -1;
        for (var start = 0; start < masked.Length; start++)
        {
            if (start > 0 && IsWordChar(masked[start - 1])) continue;
            var end = MatchWords(masked, start, words);
            if (end < 0) continue;
            found = start;
            if (!last) return found;
        }
        return found;
    }

    /// <summary>Whether the code part of <paramref name="sql"/> contains the keyword sequence.</summary>
    public static bool ContainsKeywords(string sql, params string[] words) => IndexOfKeywords(sql, false, words) >= 0;

    private static int MatchWords(string masked, int start, string[] words)
    {
        var i = start;
        for (var w = 0; w < words.Length; w++)
        {
            if (w > 0)
            {
                var ws = i;
                while (i < masked.Length && char.IsWhiteSpace(masked[i])) i++;
                if (i == ws) return -1;
            }
            var word = words[w];
            if (i + word.Length > masked.Length || string.Compare(masked, i, word, 0, word.Length, StringComparison.OrdinalIgnoreCase) != 0) return -1;
            i += word.Length;
        }
        return i < masked.Length && IsWordChar(masked[i]) ? -1 : i;
    }

    private static bool IsWordChar(char c) => char.IsLetterOrDigit(c) || c == '_';

    /// <summary>
    /// Parses a possibly qualified name (<c>`a`.`b`</c>, <c>a.b</c>, <c>`internal`.`db`.`t`</c>) starting at
    /// <paramref name="start"/> (leading whitespace skipped). Returns the unquoted parts and the index just past the name,
    /// or null when there is no name there.
    /// </summary>
    public static (IReadOnlyList<string> Parts, int Start, int End)? ReadQualifiedName(string sql, int start)
    {
        var i = start;
        while (i < sql.Length && char.IsWhiteSpace(sql[i])) i++;
        var nameStart = i;
        var parts = new List<string>();
        while (true)
        {
            if (i >= sql.Length) break;
            if (sql[i] == '`')
            {
                var end = EndOfQuoted(sql, i);
                if (end - i < 2 || sql[end - 1] != '`') return null;
                parts.Add(sql[(i + 1)..(end - 1)].Replace("``", "`", StringComparison.Ordinal));
                i = end;
            }
            else
            {
                var s = i;
                while (i < sql.Length && (IsWordChar(sql[i]) || sql[i] == ':')) i++;
                if (i == s) break;
                parts.Add(sql[s..i]);
            }
            if (i < sql.Length && sql[i] == '.')
            {
                i++;
                continue;
            }
            break;
        }
        return parts.Count == 0 ? null : (parts, nameStart, i);
    }

    /// <summary>The single name after the first PARTITION keyword (an IF [NOT] EXISTS skipped), or null.</summary>
    public static string? NameAfterPartition(string sql)
    {
        var at = IndexOfKeywords(sql, false, "PARTITION");
        if (at < 0) return null;
        var from = at + "PARTITION".Length;
        var ifExists = IfExists().Match(sql, from);
        if (ifExists.Success) from += ifExists.Length;
        var name = ReadQualifiedName(sql, from);
        return name is { Parts.Count: 1 } n ? n.Parts[0] : null;
    }

    [GeneratedRegex(@"\G\s+IF\s+(NOT\s+)?EXISTS\b", RegexOptions.IgnoreCase)]
    private static partial Regex IfExists();
}
