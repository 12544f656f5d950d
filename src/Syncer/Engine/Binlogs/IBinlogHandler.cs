using Syncer.Doris.Thrift;

namespace Syncer.Engine.Binlogs;

/// <summary>
/// Applies one binlog type on the target. Handlers are registered in <see cref="BinlogHandlers"/>; they never write
/// job progress themselves: they return a <see cref="BinlogOutcome"/> and the job runner persists it.
/// </summary>
public interface IBinlogHandler
{
    /// <summary>The binlog type handled.</summary>
    TBinlogType Type { get; }

    /// <summary>
    /// Whether the runner must persist "binlog N is being applied" before calling the handler, so that after a crash
    /// the handler is called with <see cref="BinlogContext.IsReplay"/> set and can recognise work already done. Handlers
    /// whose effect is protected otherwise (UPSERT: the transaction label is derived from the job and commit seq) say false.
    /// </summary>
    bool NeedsStartMarker { get; }

    /// <summary>Applies the binlog. Throws <see cref="SyncException"/> to say whether a failure is transient.</summary>
    Task<BinlogOutcome> HandleAsync(BinlogContext context, CancellationToken cancellationToken);
}
