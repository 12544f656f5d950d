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

    /// <summary>The registry a job uses; <paramref name="upsert"/> is built per job (it holds the job's connections).</summary>
    public static BinlogHandlers CreateDefault(IBinlogHandler upsert) => new([upsert]);

    /// <summary>The handler for <paramref name="type"/>, or null when none is registered.</summary>
    public IBinlogHandler? Find(TBinlogType type) => _handlers.GetValueOrDefault(type);

    /// <summary>The handler for a binlog and the binlog it applies (a wrapping BARRIER's inner one).</summary>
    public (IBinlogHandler Handler, TBinlog Binlog) Resolve(TBinlog binlog) =>
        (binlog.Type is { } type && Find(type) is { } handler ? handler : new SkipHandler(binlog.Type ?? TBinlogType.UPSERT), binlog);

    private sealed class SkipHandler(TBinlogType type) : IBinlogHandler
    {
        public TBinlogType Type => type;

        public bool NeedsStartMarker => false;

        public Task<BinlogOutcome> HandleAsync(BinlogContext context, CancellationToken cancellationToken) =>
            Task.FromResult<BinlogOutcome>(new BinlogOutcome.Skipped($"binlog type {(int)type} is not handled"));
    }
}
