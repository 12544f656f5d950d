using System.Collections.Concurrent;

namespace MiniDoris.Faults;

/// <summary>
/// How many Thrift calls of each method the FE and BEs have served since start. Doris has no per-method RPC counter
/// an operator can read over SQL; minidoris adds one (<c>SHOW PROC '/minidoris_rpc_calls'</c>, outside Doris's own
/// paths) so that the benchmark measures the load a syncer puts on a source FE from the server's side.
/// </summary>
public sealed class RpcCallCounter
{
    private readonly ConcurrentDictionary<string, long> _counts = new(StringComparer.Ordinal);

    public void Increment(string method) => _counts.AddOrUpdate(method, 1, (_, n) => n + 1);

    /// <summary>The counts by method name, ordered by name.</summary>
    public IReadOnlyList<KeyValuePair<string, long>> Snapshot() =>
        _counts.OrderBy(c => c.Key, StringComparer.Ordinal).Select(c => new KeyValuePair<string, long>(c.Key, c.Value)).ToList();
}
