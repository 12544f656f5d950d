using System.Globalization;

namespace MiniDoris.Faults;

/// <summary>
/// One armed fault: an action with its argument and how often it fires. Grammar (comma-separated):
/// <c>action[:arg][,times:N][,skip:N][,prob:P][,after]</c>, e.g. <c>fail:INTERNAL_ERROR,times:2</c>,
/// <c>delay:500</c>, <c>reset,after,times:1</c>, <c>not_master:127.0.0.1:9020</c>, <c>hold:DOWNLOADING</c>.
/// </summary>
public sealed record FaultRule
{
    public required FaultAction Action { get; init; }

    /// <summary>The text after <c>action:</c> (a status code name, an HTTP status, host:port, a job state), if any.</summary>
    public string? Argument { get; init; }

    /// <summary>Milliseconds for delay/timeout (and publish_timeout).</summary>
    public int? DelayMs { get; init; }

    /// <summary>Fire for this many matching calls, then disarm; null = every call.</summary>
    public int? RemainingTimes { get; set; }

    /// <summary>Let this many matching calls through before firing.</summary>
    public int RemainingSkips { get; set; }

    /// <summary>Fire with this probability (0..1); null = always.</summary>
    public double? Probability { get; init; }

    /// <summary>For reset/timeout on RPCs: do the work first, then lose the answer.</summary>
    public bool After { get; init; }

    /// <summary>The value as it was set (shown by ADMIN SHOW FRONTEND CONFIG).</summary>
    public required string Text { get; init; }

    /// <summary>Parses a fault value; throws <see cref="FormatException"/> with the reason.</summary>
    public static FaultRule Parse(string value)
    {
        var parts = value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length == 0)
        {
            throw new FormatException("empty fault");
        }

        var head = parts[0];
        var colon = head.IndexOf(':', StringComparison.Ordinal);
        var name = (colon < 0 ? head : head[..colon]).ToLowerInvariant();
        var arg = colon < 0 ? null : head[(colon + 1)..];
        FaultAction action;
        int? delay = null;
        switch (name)
        {
            case "fail": action = FaultAction.Fail; break;
            case "delay":
                action = FaultAction.Delay;
                delay = ParseInt(arg ?? throw new FormatException("delay needs milliseconds"), "delay");
                arg = null;
                break;
            case "timeout":
                action = FaultAction.Timeout;
                delay = arg is null ? 60_000 : ParseInt(arg, "timeout");
                arg = null;
                break;
            case "reset": action = FaultAction.Reset; break;
            case "not_master":
                action = FaultAction.NotMaster;
                if (arg is not null && (arg.LastIndexOf(':') <= 0 || !int.TryParse(arg[(arg.LastIndexOf(':') + 1)..], NumberStyles.Integer, CultureInfo.InvariantCulture, out _)))
                {
                    throw new FormatException("not_master needs host:port");
                }

                break;
            case "corrupt": action = FaultAction.Corrupt; break;
            case "hold": action = FaultAction.Hold; break;
            case "on": action = FaultAction.On; break;
            default: throw new FormatException($"unknown fault action '{name}'");
        }

        int? times = null;
        var skips = 0;
        double? prob = null;
        var after = false;
        foreach (var option in parts.Skip(1))
        {
            var c = option.IndexOf(':', StringComparison.Ordinal);
            var key = (c < 0 ? option : option[..c]).ToLowerInvariant();
            var v = c < 0 ? null : option[(c + 1)..];
            switch (key)
            {
                case "times": times = ParseInt(v ?? throw new FormatException("times needs a count"), "times"); break;
                case "skip": skips = ParseInt(v ?? throw new FormatException("skip needs a count"), "skip"); break;
                case "prob":
                    if (v is null || !double.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out var p) || p is < 0 or > 1)
                    {
                        throw new FormatException("prob needs a number between 0 and 1");
                    }

                    prob = p;
                    break;
                case "after": after = true; break;
                case "delay": delay = ParseInt(v ?? throw new FormatException("delay needs milliseconds"), "delay"); break;
                default: throw new FormatException($"unknown fault option '{key}'");
            }
        }

        if (times is <= 0)
        {
            throw new FormatException("times must be positive");
        }

        return new FaultRule
        {
            Action = action,
            Argument = arg,
            DelayMs = delay,
            RemainingTimes = times,
            RemainingSkips = skips,
            Probability = prob,
            After = after,
            Text = value,
        };
    }

    private static int ParseInt(string text, string what) =>
        int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) && n >= 0
            ? n
            : throw new FormatException($"{what} needs a non-negative integer");
}
