namespace MiniDoris.Fe.Binlog;

/// <summary>
/// The binlog.enable settings that decide whether a binlog is recorded and which table lists get it,
/// captured by the caller from the catalog (before a drop, for DROP_TABLE).
/// </summary>
public sealed record BinlogGate(bool DbEnabled, IReadOnlyDictionary<long, bool> TableEnabled)
{
    public bool IsTableEnabled(long tableId) => TableEnabled.TryGetValue(tableId, out var e) && e;
}
