using Syncer.Doris.Binlog.Records;
using Syncer.Doris.Sql;
using Syncer.Doris.Thrift;

namespace Syncer.Engine.Binlogs;

/// <summary>
/// INDEX_CHANGE_JOB (20, BUILD INDEX and the file deletion after a light DROP INDEX). A FINISHED build is replayed as
/// <c>BUILD INDEX `i` ON `db`.`t` PARTITIONS (`p`)</c>, so rowsets the target already holds get their index files;
/// other states, and the deletion jobs (the DROP INDEX binlog already changed the target's schema), are skipped.
/// Re-running a build is harmless, so a replay whose build the target refuses counts as applied.
/// </summary>
public sealed class IndexChangeJobHandler : IBinlogHandler
{
    /// <inheritdoc />
    public TBinlogType Type => TBinlogType.INDEX_CHANGE_JOB;

    /// <inheritdoc />
    public bool NeedsStartMarker => true;

    /// <inheritdoc />
    public async Task<BinlogOutcome> HandleAsync(BinlogContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var record = BinlogPayload.Read<IndexChangeJob>(context);
        BinlogPayload.Require(context, record.TableId != 0, "INDEX_CHANGE_JOB without tableId");
        var table = context.TargetTableOf(record.TableId, record.TableName);
        if (table is null) return BinlogPayload.OtherTable(context, record.TableId, record.TableName);
        if (!string.Equals(record.JobState, "FINISHED", StringComparison.OrdinalIgnoreCase))
            return new BinlogOutcome.Skipped($"index change job {record.JobId} is {record.JobState}");
        if (record.IsDropOp) return new BinlogOutcome.Skipped($"index change job {record.JobId} deletes dropped index files; the drop itself was replicated");
        if (record.AlterInvertedIndexes.Count == 0) return new BinlogOutcome.Skipped($"index change job {record.JobId} names no index");
        foreach (var index in record.AlterInvertedIndexes)
        {
            var partitions = record.PartitionName.Length > 0 ? $" PARTITIONS ({DorisSql.Identifier(record.PartitionName)})" : "";
            var outcome = await TargetDdl.ExecuteAsync(context, "build index",
                $"BUILD INDEX {DorisSql.Identifier(index.IndexName)} ON {context.QualifiedTarget(table)}{partitions}",
                _ => Task.FromResult(true), cancellationToken);
            if (outcome is not BinlogOutcome.Applied) return outcome;
        }
        return BinlogOutcome.Done;
    }
}
