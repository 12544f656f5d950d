using Syncer.Doris.Thrift;

namespace Syncer.Engine.Binlogs;

/// <summary>
/// Every binlog handler, registered in one place, and the rules that pick one: a BARRIER that wraps another
/// binlog is unwrapped to it, types this build does not know are skipped with a log line.
/// </summary>
public sealed class BinlogHandlers
{
    private readonly Dictionary<TBinlogType, IBinlogHandler> _handlers;

    /// <summary>Registers <paramref name="handlers"/>; two handlers for one type are a programming error.</summary>
    public BinlogHandlers(IEnumerable<IBinlogHandler> handlers) => _handlers = handlers.ToDictionary(h => h.Type);

    /// <summary>The handler for <paramref name="type"/>, or null when none is registered.</summary>
    public IBinlogHandler? Find(TBinlogType type) => _handlers.GetValueOrDefault(type);
}
