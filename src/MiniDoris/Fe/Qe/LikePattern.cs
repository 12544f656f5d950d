using System.Text;
using System.Text.RegularExpressions;

namespace MiniDoris.Fe.Qe;

/// <summary>MySQL LIKE matching (% and _ wildcards, backslash escapes) for SHOW ... LIKE.</summary>
public static class LikePattern
{
    public static bool Matches(string value, string? pattern, bool caseSensitive)
    {
        if (pattern is null)
        {
            return true;
        }

        var sb = new StringBuilder("^");
        for (var i = 0; i < pattern.Length; i++)
        {
            var c = pattern[i];
            if (c == '\\' && i + 1 < pattern.Length)
            {
                sb.Append(Regex.Escape(pattern[++i].ToString()));
            }
            else if (c == '%')
            {
                sb.Append(".*");
            }
            else if (c == '_')
            {
                sb.Append('.');
            }
            else
            {
                sb.Append(Regex.Escape(c.ToString()));
            }
        }

        sb.Append('$');
        var options = RegexOptions.Singleline | RegexOptions.CultureInvariant | (caseSensitive ? RegexOptions.None : RegexOptions.IgnoreCase);
        return Regex.IsMatch(value, sb.ToString(), options);
    }
}
