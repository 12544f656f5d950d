using Syncer.Doris.Binlog.Records;
using Syncer.Doris.Thrift;
using Syncer.Jobs;

namespace Syncer.Engine.Binlogs;

/// <summary>
/// REPLACE_TABLE (18, <c>ALTER TABLE a REPLACE WITH TABLE b</c>). In a table sync, when the job's source table is one
/// of the two, the name the job replicates now holds other rows (or is gone): only a full sync brings the target level.
/// A replace between two other tables is skipped. DB sync is not handled by this build yet (permanent).
/// </summary>
public sealed class ReplaceTableHandler : IBinlogHandler
{
    /// <inheritdoc />
    public TBinlogType Type => TBinlogType.REPLACE_TABLE;

    /// <inheritdoc />
    public bool NeedsStartMarker => false;

    /// <inheritdoc />
    public Task<BinlogOutcome> HandleAsync(BinlogContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var record = BinlogPayload.Read<ReplaceTableOperationLog>(context);
        BinlogPayload.Require(context, record.OrigTblId != 0, "REPLACE_TABLE without origTblId");
        if (context.Job.SyncType != SyncType.TableSync)
        {
            throw SyncException.Permanent($"binlog {context.CommitSeq}: REPLACE_TABLE in a database sync is not supported by this build yet");
        }
        if (context.TargetTableOf(record.OrigTblId, record.OrigTblName) is null && context.TargetTableOf(record.NewTblId, record.ActualNewTblName) is null)
        {
            return Task.FromResult(BinlogPayload.OtherTable(context, record.OrigTblId, record.OrigTblName));
        }
        return Task.FromResult<BinlogOutcome>(new BinlogOutcome.FullSyncNeeded(
            $"table {record.OrigTblName} replaced with table {record.ActualNewTblName} (swap={record.SwapTable})"));
    }
}
