using System.Globalization;
using System.Text;
using Syncer.Doris.Sql;

namespace Syncer.Configuration;

/// <summary>
/// Parses the command line with Go <c>flag</c> package rules so existing start scripts keep working:
/// <c>-name=value</c>, <c>--name=value</c>, <c>-name value</c>, <c>--name value</c>, bare bool flags
/// (<c>-version</c>), and <c>--</c> ending the flags. Unlike Go, stray positional arguments are rejected
/// rather than silently ignored, so a typo cannot hide a flag.
/// </summary>
public static class FlagParser
{
    /// <summary>Environment variables read when the corresponding flag is absent, so secrets need not appear in <c>ps</c>.</summary>
    public static readonly IReadOnlyDictionary<string, string> SecretEnvironment = new Dictionary<string, string>
    {
        ["api_token"] = "CCR_SYNCER_API_TOKEN",
        ["db_password"] = "CCR_SYNCER_DB_PASSWORD",
    };

    /// <summary>Parses <paramref name="args"/>; throws <see cref="FlagParseException"/> with a one-line message on bad input.</summary>
    public static FlagParseResult Parse(IReadOnlyList<string> args, Func<string, string?>? environment = null)
    {
        environment ??= Environment.GetEnvironmentVariable;
        var options = new SyncerOptions();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            if (arg == "--")
            {
                if (i + 1 < args.Count) throw new FlagParseException($"unexpected argument \"{args[i + 1]}\": ccr_syncer takes only flags");
                break;
            }
            if (arg.Length < 2 || arg[0] != '-')
                throw new FlagParseException($"unexpected argument \"{arg}\": ccr_syncer takes only flags (-name=value)");
            var body = arg[1] == '-' ? arg[2..] : arg[1..];
            if (body.Length == 0 || body[0] == '-' || body[0] == '=')
                throw new FlagParseException($"bad flag syntax: {arg}");
            string name;
            string? value = null;
            var eq = body.IndexOf('=', StringComparison.Ordinal);
            if (eq >= 0)
            {
                name = body[..eq];
                value = body[(eq + 1)..];
            }
            else
            {
                name = body;
            }
            if (name is "h" or "help") return new FlagParseResult(options, HelpRequested: true);
            var flag = SyncerFlags.Find(name) ?? throw new FlagParseException($"flag provided but not defined: -{name} (run ccr_syncer -help for the list)");
            if (value is null)
            {
                if (flag.Kind == FlagKind.Bool)
                {
                    value = "true";
                }
                else
                {
                    // Go takes the next argument as the value whatever it looks like.
                    if (i + 1 >= args.Count) throw new FlagParseException($"flag needs an argument: -{name}");
                    value = args[++i];
                }
            }
            flag.Apply(options, Convert(flag, value));
            seen.Add(name);
        }
        foreach (var (flagName, variable) in SecretEnvironment)
        {
            if (seen.Contains(flagName)) continue;
            var fromEnvironment = environment(variable);
            if (!string.IsNullOrEmpty(fromEnvironment)) SyncerFlags.Find(flagName)!.Apply(options, fromEnvironment);
        }
        if (options.HaLease <= options.HaCheckInterval)
            throw new FlagParseException(
                $"invalid value \"{GoDuration.Format(options.HaLease)}\" for flag -ha_lease: must be longer than -ha_check_interval ({GoDuration.Format(options.HaCheckInterval)})");
        return new FlagParseResult(options, HelpRequested: false);
    }

    /// <summary>The text printed for <c>-help</c>: one block per flag with its default, as Go prints it.</summary>
    public static string Usage()
    {
        var text = new StringBuilder("Usage of ccr_syncer:\n");
        foreach (var flag in SyncerFlags.All)
        {
            text.Append("  -").Append(flag.Name);
            if (flag.Kind != FlagKind.Bool) text.Append(' ').Append(flag.Kind.ToString().ToLowerInvariant());
            text.Append("\n    \t").Append(flag.Usage);
            if (flag.DefaultText.Length > 0 && flag.DefaultText != "false")
                text.Append(" (default ").Append(flag.Kind == FlagKind.String ? $"\"{flag.DefaultText}\"" : flag.DefaultText).Append(')');
            text.Append('\n');
        }
        return text.ToString();
    }

    private static object Convert(FlagDefinition flag, string value)
    {
        switch (flag.Kind)
        {
            case FlagKind.Bool:
                return DorisSql.TryParseBool(value, out var b) ? b
                    : throw new FlagParseException($"invalid boolean value \"{value}\" for -{flag.Name}: expected true or false");
            case FlagKind.Integer:
                return long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n) ? n
                    : throw new FlagParseException($"invalid value \"{value}\" for flag -{flag.Name}: expected an integer");
            case FlagKind.Duration:
                return GoDuration.TryParse(value, out var d) ? d
                    : throw new FlagParseException($"invalid value \"{value}\" for flag -{flag.Name}: expected a duration such as 10s, 1m30s or 500ms");
            default:
                return value;
        }
    }

}
