using System.Collections.Concurrent;

namespace MiniDoris.Faults;

/// <summary>
/// How many Thrift calls of each method the FE and BEs have served since start. Doris has no per-method RPC counter
/// an operator can read over SQL; minidoris adds one (read-only, under the minidoris.* config names) so that the
/// benchmark can measure the load a syncer puts on a source FE from the server's side rather than trust the client.
/// </summary>
public sealed class RpcCallCounter
{
    /// <summary>Config-style name prefix: <c>minidoris.rpc_calls.&lt;method&gt;</c>.</summary>
    public const string Prefix = "minidoris.rpc_calls.";

    private readonly ConcurrentDictionary<string, long> _counts = new(StringComparer.Ordinal);

    public void Increment(string method) => _counts.AddOrUpdate(method, 1, (_, n) => n + 1);

    /// <summary>The counts by config-style name, ordered by name.</summary>
    public IReadOnlyList<KeyValuePair<string, long>> Snapshot() =>
        _counts.OrderBy(c => c.Key, StringComparer.Ordinal).Select(c => new KeyValuePair<string, long>(Prefix + c.Key, c.Value)).ToList();
}
