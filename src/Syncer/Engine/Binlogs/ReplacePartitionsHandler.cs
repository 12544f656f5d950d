using Syncer.Doris.Binlog.Records;
using Syncer.Doris.Thrift;
using Syncer.Jobs;

namespace Syncer.Engine.Binlogs;

/// <summary>
/// REPLACE_PARTITIONS (12), also what INSERT OVERWRITE ends with. A strict-range replace that keeps the formal names is
/// a partial sync of those partitions; otherwise (the partition set changed shape or took the temporary names) only a
/// full sync can bring the target level, as in the Go syncer.
/// </summary>
public sealed class ReplacePartitionsHandler : IBinlogHandler
{
    /// <inheritdoc />
    public TBinlogType Type => TBinlogType.REPLACE_PARTITIONS;

    /// <inheritdoc />
    public bool NeedsStartMarker => false;

    /// <inheritdoc />
    public Task<BinlogOutcome> HandleAsync(BinlogContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var record = BinlogPayload.Read<ReplacePartitionOperationLog>(context);
        BinlogPayload.Require(context, record.TblId != 0, "REPLACE_PARTITIONS without tblId");
        BinlogPayload.Require(context, record.TblName.Length > 0, "REPLACE_PARTITIONS without tblName");
        if (context.TargetTableOf(record.TblId, record.TblName) is null)
        {
            return Task.FromResult(BinlogPayload.OtherTable(context, record.TblId, record.TblName));
        }
        if (!record.StrictRange || record.UseTempPartitionName || record.Partitions.Count == 0)
        {
            return Task.FromResult<BinlogOutcome>(new BinlogOutcome.FullSyncNeeded(
                $"partitions of {record.TblName} replaced with strict_range={record.StrictRange}, use_temp_partition_name={record.UseTempPartitionName}"));
        }
        return Task.FromResult<BinlogOutcome>(new BinlogOutcome.PartialSyncNeeded(
            new PartialSyncData { TableId = record.TblId, Table = record.TblName, Partitions = [.. record.Partitions] },
            $"partitions [{string.Join(", ", record.Partitions)}] of {record.TblName} replaced"));
    }
}
