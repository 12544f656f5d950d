using Syncer.Doris.Thrift;

namespace Syncer.Engine;

/// <summary>Reading the <see cref="TStatus"/> of FE/BE answers.</summary>
public static class ThriftStatus
{
    /// <summary>The status code; an absent status counts as OK, as Doris leaves it out on some success paths.</summary>
    public static TStatusCode CodeOf(TStatus? status) => status?.StatusCode ?? TStatusCode.OK;

    /// <summary>"CODE: msg1; msg2" for logs and errors.</summary>
    public static string Describe(TStatus? status) =>
        status?.ErrorMsgs is { Count: > 0 } messages ? $"{CodeOf(status)}: {string.Join("; ", messages)}" : CodeOf(status).ToString();

    /// <summary>Whether any error message contains <paramref name="text"/> (case-insensitive).</summary>
    public static bool Mentions(TStatus? status, string text) =>
        status?.ErrorMsgs?.Any(m => m.Contains(text, StringComparison.OrdinalIgnoreCase)) == true;
}
