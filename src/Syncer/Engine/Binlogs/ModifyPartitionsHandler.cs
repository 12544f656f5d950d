using Syncer.Doris.Thrift;

namespace Syncer.Engine.Binlogs;

/// <summary>
/// MODIFY_PARTITIONS (11): per-partition storage settings (storage medium, cooldown time, storage policy, replica
/// allocation, in-memory). They describe how the source cluster stores its data, not the data itself: the target's
/// disks, policies and backends are its operator's choice, so the binlog is skipped. The Go syncer (M) answers
/// "unknown binlog type" and retries forever.
/// </summary>
public sealed class ModifyPartitionsHandler : IBinlogHandler
{
    /// <inheritdoc />
    public TBinlogType Type => TBinlogType.MODIFY_PARTITIONS;

    /// <inheritdoc />
    public bool NeedsStartMarker => false;

    /// <inheritdoc />
    public Task<BinlogOutcome> HandleAsync(BinlogContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        return Task.FromResult<BinlogOutcome>(new BinlogOutcome.Skipped(
            "partition storage settings (medium, cooldown, policy, replicas) are the target cluster's own"));
    }
}
