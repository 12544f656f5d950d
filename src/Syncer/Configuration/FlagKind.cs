namespace Syncer.Configuration;

/// <summary>The value type of a command-line flag, which decides how its text is parsed.</summary>
public enum FlagKind
{
    /// <summary>true/false; may be given bare (<c>-daemon</c>) like Go's bool flags.</summary>
    Bool,
    /// <summary>Any text.</summary>
    String,
    /// <summary>A signed 64-bit integer.</summary>
    Integer,
    /// <summary>A Go duration such as <c>10s</c>, <c>1m30s</c> or <c>250ms</c>.</summary>
    Duration,
}
