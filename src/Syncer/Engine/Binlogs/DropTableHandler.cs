using Syncer.Doris.Binlog.Records;
using Syncer.Doris.Thrift;
using Syncer.Jobs;

namespace Syncer.Engine.Binlogs;

/// <summary>
/// DROP_TABLE (4), a database-level binlog. A table sync skips it (another table's drop is none of its business, and a
/// dropped source table shows up as a missing table to the job runner). Database sync is not handled by this build yet
/// and fails the binlog (permanent).
/// </summary>
public sealed class DropTableHandler : IBinlogHandler
{
    /// <inheritdoc />
    public TBinlogType Type => TBinlogType.DROP_TABLE;

    /// <inheritdoc />
    public bool NeedsStartMarker => true;

    /// <inheritdoc />
    public Task<BinlogOutcome> HandleAsync(BinlogContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var record = BinlogPayload.Read<DropTableRecord>(context);
        if (context.Job.SyncType == SyncType.TableSync)
        {
            return Task.FromResult<BinlogOutcome>(new BinlogOutcome.Skipped($"table sync: drop of {record.TableName}#{record.TableId} is not replicated"));
        }
        throw SyncException.Permanent($"binlog {context.CommitSeq}: DROP_TABLE in a database sync is not supported by this build yet");
    }
}
