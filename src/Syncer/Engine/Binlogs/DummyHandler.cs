using Syncer.Doris.Thrift;

namespace Syncer.Engine.Binlogs;

/// <summary>
/// DUMMY (7): the source FE's marker that the binlogs before this commit seq were garbage-collected (getBinlog answers
/// it for a too-old seq). Only a full sync starting at this seq brings the target level.
/// </summary>
public sealed class DummyHandler : IBinlogHandler
{
    /// <inheritdoc />
    public TBinlogType Type => TBinlogType.DUMMY;

    /// <inheritdoc />
    public bool NeedsStartMarker => false;

    /// <inheritdoc />
    public Task<BinlogOutcome> HandleAsync(BinlogContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        return Task.FromResult<BinlogOutcome>(new BinlogOutcome.FullSyncNeeded(
            $"DUMMY binlog at commit seq {context.CommitSeq}: the source has no binlogs before it"));
    }
}
