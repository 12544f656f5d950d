using Syncer.Doris.Binlog.Records;
using Syncer.Doris.Thrift;
using Syncer.Engine.Database;
using Syncer.Jobs;

namespace Syncer.Engine.Binlogs;

/// <summary>
/// RECOVER_INFO (24, newer FEs): a partition or table came back from the source's recycle bin with its rows. A
/// recovered partition is a partial sync of that partition. A recovered table is a full sync in a table job and a
/// partial sync of that table in a database job (the target dropped it with FORCE, so the rows come from the source).
/// Other tables' recoveries are skipped.
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
        var tableRecovered = record.PartitionId == -1;
        if (context.IsDatabaseSync && tableRecovered)
        {
            var name = string.IsNullOrEmpty(record.NewTableName) ? record.TableName : record.NewTableName;
            if (name.Length == 0 || !JobTableScope.Includes(context.Job, name)) return Task.FromResult(BinlogPayload.OtherTable(context, record.TableId, name));
            return Task.FromResult<BinlogOutcome>(new BinlogOutcome.PartialSyncNeeded(
                new PartialSyncData { TableId = record.TableId, Table = name }, $"table {name} recovered on the source"));
        }
        if (context.TargetTableOf(record.TableId, record.TableName) is null) return Task.FromResult(BinlogPayload.OtherTable(context, record.TableId, record.TableName));
        var partition = string.IsNullOrEmpty(record.NewPartitionName) ? record.PartitionName : record.NewPartitionName;
        if (tableRecovered || string.IsNullOrEmpty(partition))
        {
            return Task.FromResult<BinlogOutcome>(new BinlogOutcome.FullSyncNeeded($"table {record.TableName} recovered on the source"));
        }
        return Task.FromResult<BinlogOutcome>(new BinlogOutcome.PartialSyncNeeded(
            new PartialSyncData { TableId = record.TableId, Table = context.SourceTableName(record.TableId, record.TableName), PartitionIds = [record.PartitionId], Partitions = [partition] },
            $"partition {partition} recovered on the source"));
    }
}
