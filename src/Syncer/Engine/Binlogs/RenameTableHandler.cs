using Microsoft.Extensions.Logging;
using Syncer.Doris.Binlog.Records;
using Syncer.Doris.Thrift;
using Syncer.Jobs;

namespace Syncer.Engine.Binlogs;

/// <summary>
/// RENAME_TABLE (14). Table sync: another table's rename is skipped; a rename of the job's own source table changes the
/// job's source name (later getBinlog calls and backups use it) and keeps replicating into the same target table. The Go syncer
/// answers "rename table is not supported when table sync" and is stuck on the binlog forever. The older record form
/// also carries partition renames (<c>oP</c>/<c>nP</c>), replayed as RENAME_PARTITION. DB sync is not handled by
/// this build yet and fails the binlog (permanent) rather than losing the rename.
/// </summary>
public sealed class RenameTableHandler : IBinlogHandler
{
    /// <inheritdoc />
    public TBinlogType Type => TBinlogType.RENAME_TABLE;

    /// <inheritdoc />
    public bool NeedsStartMarker => true;

    /// <inheritdoc />
    public async Task<BinlogOutcome> HandleAsync(BinlogContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var record = BinlogPayload.Read<TableInfo>(context);
        BinlogPayload.Require(context, record.Tb != 0, "RENAME_TABLE without tb");
        if (context.Job.SyncType != SyncType.TableSync)
        {
            throw SyncException.Permanent($"binlog {context.CommitSeq}: RENAME_TABLE in a database sync is not supported by this build yet");
        }
        var table = context.TargetTableOf(record.Tb, record.OldTableName);
        if (table is null) return BinlogPayload.OtherTable(context, record.Tb, record.OldTableName);
        if (!string.IsNullOrEmpty(record.NewPartitionName))
        {
            return await RenamePartitionHandler.RenameAsync(context, table, record, cancellationToken);
        }
        if (!string.IsNullOrEmpty(record.NewRollupName))
        {
            // Rollups are not replicated by this build (minidoris has none either); the index name only matters to queries.
            return new BinlogOutcome.Skipped($"rollup {record.OldRollupName} renamed to {record.NewRollupName}: rollups are not replicated");
        }
        context.Logger.LogWarning(
            "binlog {CommitSeq}: source table {Old} renamed to {New}; the job follows it and keeps replicating into target table {Target}",
            context.CommitSeq, record.OldTableName, record.NewTableName, table);
        // The job names its source table in getBinlog and in later backups: it follows the new name.
        return string.IsNullOrEmpty(record.NewTableName)
            ? new BinlogOutcome.Skipped($"source table {record.OldTableName} renamed without a new name")
            : new BinlogOutcome.Applied(JobUpdate: job => job with { Src = job.Src with { Table = record.NewTableName } });
    }
}
