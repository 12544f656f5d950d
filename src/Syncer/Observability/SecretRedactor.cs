using System.Collections.Concurrent;
using System.Text.RegularExpressions;

namespace Syncer.Observability;

/// <summary>
/// Removes secrets from text that is about to leave the process (log lines). Two layers, because either
/// alone can miss: every password the process knows (cluster and store passwords, the API token) is
/// registered and replaced wherever it appears, and key/value shapes that carry a secret
/// (<c>"password":"…"</c>, <c>password=…</c>, <c>Bearer …</c>) are masked even for values never registered.
/// </summary>
public sealed partial class SecretRedactor
{
    /// <summary>The text that replaces a secret.</summary>
    public const string Mask = "******";

    private readonly ConcurrentDictionary<string, byte> _secrets = new(StringComparer.Ordinal);

    /// <summary>Remembers <paramref name="secret"/> so that it is masked in every later line.</summary>
    public void Register(string? secret)
    {
        // Very short values would mask ordinary words; the pattern layer still covers their usual shapes.
        if (!string.IsNullOrEmpty(secret) && secret.Length >= 3) _secrets.TryAdd(secret, 0);
    }

    /// <summary>Returns <paramref name="text"/> with every known secret and secret-shaped value masked.</summary>
    public string Redact(string text)
    {
        if (text.Length == 0) return text;
        // Longest first, so a secret containing another is masked whole.
        foreach (var secret in _secrets.Keys.OrderByDescending(s => s.Length))
        {
            if (text.Contains(secret, StringComparison.Ordinal)) text = text.Replace(secret, Mask, StringComparison.Ordinal);
        }
        text = EscapedJsonSecretPattern().Replace(text, m => m.Groups["prefix"].Value + Mask + m.Groups["close"].Value);
        text = JsonSecretPattern().Replace(text, m => m.Groups["prefix"].Value + Mask + m.Groups["close"].Value);
        text = KeyValueSecretPattern().Replace(text, m => m.Groups["prefix"].Value + Mask);
        text = BearerPattern().Replace(text, m => m.Groups["prefix"].Value + Mask);
        return text;
    }

    // JSON written as-is: "password":"…" (escaped quotes inside the value are part of it).
    [GeneratedRegex("""(?<prefix>"(?:password|passwd|db_password|api_token|token)"\s*:\s*")(?:\\.|[^"\\])*(?<close>")""", RegexOptions.IgnoreCase)]
    private static partial Regex JsonSecretPattern();

    // JSON embedded in a JSON string: \"password\":\"…\".
    [GeneratedRegex("""(?<prefix>\\"(?:password|passwd|db_password|api_token|token)\\"\s*:\s*\\")(?:[^"\\]|\\\\)*?(?<close>\\")""", RegexOptions.IgnoreCase)]
    private static partial Regex EscapedJsonSecretPattern();

    // MySQL's "Access denied … (using password: YES)" says whether a password was sent, not which: the YES/NO is
    // kept, as the line is the operator's best clue (a wrong password vs. none configured).
    [GeneratedRegex("""(?<prefix>\b(?:password|passwd|db_password|api_token)\s*[=:]\s*)(?!\*\*\*\*\*\*)(?!(?<=\busing\s+password:\s*)(?:YES|NO)\))(?:"[^"]*"|'[^']*'|[^\s,;&)}\]]+)""", RegexOptions.IgnoreCase)]
    private static partial Regex KeyValueSecretPattern();

    [GeneratedRegex("""(?<prefix>\bBearer\s+)[^\s"',]+""", RegexOptions.IgnoreCase)]
    private static partial Regex BearerPattern();
}
