using Syncer.Doris.Binlog.Records;
using Syncer.Doris.Thrift;
using Syncer.Jobs;

namespace Syncer.Engine.Binlogs;

/// <summary>
/// RECOVER_INFO (24, newer FEs): a partition or table came back from the source's recycle bin with its rows. A
/// recovered partition of the job's table is a partial sync of that partition; a recovered table a full sync. Other
/// tables' recoveries are skipped. DB sync is not handled by this build yet (permanent).
/// </summary>
public sealed class RecoverInfoHandler : IBinlogHandler
{
    /// <inheritdoc />
    public TBinlogType Type => TBinlogType.RECOVER_INFO;

    /// <inheritdoc />
    public bool NeedsStartMarker => false;

    /// <inheritdoc />
    public Task<BinlogOutcome> HandleAsync(BinlogContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var record = BinlogPayload.Read<RecoverInfo>(context);
        if (context.Job.SyncType != SyncType.TableSync)
        {
            throw SyncException.Permanent($"binlog {context.CommitSeq}: RECOVER_INFO in a database sync is not supported by this build yet");
        }
        if (context.TargetTableOf(record.TableId, record.TableName) is null) return Task.FromResult(BinlogPayload.OtherTable(context, record.TableId, record.TableName));
        var partition = string.IsNullOrEmpty(record.NewPartitionName) ? record.PartitionName : record.NewPartitionName;
        if (record.PartitionId == -1 || string.IsNullOrEmpty(partition))
        {
            return Task.FromResult<BinlogOutcome>(new BinlogOutcome.FullSyncNeeded($"table {record.TableName} recovered on the source"));
        }
        return Task.FromResult<BinlogOutcome>(new BinlogOutcome.PartialSyncNeeded(
            new PartialSyncData { TableId = record.TableId, Table = context.SourceTableName(record.TableId, record.TableName), PartitionIds = [record.PartitionId], Partitions = [partition] },
            $"partition {partition} recovered on the source"));
    }
}
