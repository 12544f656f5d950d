using System.Globalization;

namespace MiniDoris.Hosting;

/// <summary>The command line of <c>bin/minidoris</c>.</summary>
internal sealed record MiniDorisArguments
{
    public const string Usage =
        "usage: minidoris --query-port P --rpc-port P --be-port P --be-http-port P [--backends N] [--frontends N] [--data-dir DIR]\n"
        + "                 [--name NAME]\n"
        + "                 [--http-port P] [--enable-feature-binlog true|false] [--be-enable-feature-binlog true|false]\n"
        + "A port of 0 binds a free port; the ready line tells which.";

    public int QueryPort { get; init; }

    public int RpcPort { get; init; }

    public int BePort { get; init; }

    public int BeHttpPort { get; init; }

    public int HttpPort { get; init; }

    public int Backends { get; init; } = 1;

    /// <summary>How many FEs: FE 0 starts as master, the others are followers; FE i listens on query/rpc port + i.</summary>
    public int Frontends { get; init; } = 1;

    public string? DataDir { get; init; }

    public string Name { get; init; } = "minidoris";

    public bool EnableFeatureBinlog { get; init; } = true;

    public bool BeEnableFeatureBinlog { get; init; } = true;

    /// <summary>Parses the flags (<c>--flag value</c> or <c>--flag=value</c>); throws <see cref="ArgumentException"/> with the reason.</summary>
    public static MiniDorisArguments Parse(IReadOnlyList<string> args)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            if (!arg.StartsWith("--", StringComparison.Ordinal))
            {
                throw new ArgumentException($"unexpected argument '{arg}'");
            }

            var eq = arg.IndexOf('=', StringComparison.Ordinal);
            if (eq > 0)
            {
                values[arg[2..eq]] = arg[(eq + 1)..];
            }
            else if (i + 1 < args.Count)
            {
                values[arg[2..]] = args[++i];
            }
            else
            {
                throw new ArgumentException($"flag '{arg}' needs a value");
            }
        }

        var known = new HashSet<string>
        {
            "query-port", "rpc-port", "be-port", "be-http-port", "http-port", "backends", "data-dir", "name",
            "enable-feature-binlog", "be-enable-feature-binlog", "frontends",
        };
        foreach (var key in values.Keys.Where(k => !known.Contains(k)))
        {
            throw new ArgumentException($"unknown flag '--{key}'");
        }

        foreach (var required in new[] { "query-port", "rpc-port", "be-port", "be-http-port" })
        {
            if (!values.ContainsKey(required))
            {
                throw new ArgumentException($"missing --{required}");
            }
        }

        return new MiniDorisArguments
        {
            QueryPort = Port(values, "query-port"),
            RpcPort = Port(values, "rpc-port"),
            BePort = Port(values, "be-port"),
            BeHttpPort = Port(values, "be-http-port"),
            HttpPort = values.ContainsKey("http-port") ? Port(values, "http-port") : 0,
            Backends = values.TryGetValue("backends", out var b)
                ? int.TryParse(b, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) && n is > 0 and <= 64 ? n : throw new ArgumentException("--backends must be 1..64")
                : 1,
            Frontends = values.TryGetValue("frontends", out var f)
                ? int.TryParse(f, NumberStyles.Integer, CultureInfo.InvariantCulture, out var fn) && fn is > 0 and <= 9 ? fn : throw new ArgumentException("--frontends must be 1..9")
                : 1,
            DataDir = values.GetValueOrDefault("data-dir"),
            Name = values.GetValueOrDefault("name") ?? "minidoris",
            EnableFeatureBinlog = Bool(values, "enable-feature-binlog"),
            BeEnableFeatureBinlog = Bool(values, "be-enable-feature-binlog"),
        };
    }

    private static int Port(Dictionary<string, string> values, string key) =>
        int.TryParse(values[key], NumberStyles.Integer, CultureInfo.InvariantCulture, out var p) && p is >= 0 and <= 65535
            ? p
            : throw new ArgumentException($"--{key} must be a port number");

    private static bool Bool(Dictionary<string, string> values, string key) =>
        !values.TryGetValue(key, out var v) || (bool.TryParse(v, out var b) ? b : throw new ArgumentException($"--{key} must be true or false"));
}
