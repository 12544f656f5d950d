using Microsoft.Extensions.Logging;
using Syncer.Doris.Binlog.Records;
using Syncer.Doris.Thrift;
using Syncer.Doris.Sql;
using Syncer.Engine.Database;

namespace Syncer.Engine.Binlogs;

/// <summary>
/// RENAME_TABLE (14). Database sync: <c>ALTER TABLE `db`.`old` RENAME `new`</c> on the target and the map follows the
/// new name (the Go syncer ran it unquoted); on a replay a target with the new name and without the old one already
/// took it. Table sync: another table's rename is skipped; a rename of the job's own source table changes the job's
/// source name (later getBinlog calls and backups use it) and keeps replicating into the same target table (the Go
/// syncer answers "rename table is not supported when table sync" and is stuck on the binlog forever). The older record
/// form also carries partition (<c>oP</c>/<c>nP</c>) and rollup (<c>oR</c>/<c>nR</c>) renames, replayed as such.
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
        var table = context.TargetTableOf(record.Tb, record.OldTableName);
        if (table is null) return BinlogPayload.OtherTable(context, record.Tb, record.OldTableName);
        if (!string.IsNullOrEmpty(record.NewPartitionName))
        {
            return await RenamePartitionHandler.RenameAsync(context, table, record, cancellationToken);
        }
        if (!string.IsNullOrEmpty(record.NewRollupName) && !string.IsNullOrEmpty(record.OldRollupName))
        {
            return await RenameRollupHandler.RenameAsync(context, table, record.OldRollupName, record.NewRollupName, cancellationToken);
        }
        if (string.IsNullOrEmpty(record.NewTableName))
        {
            return new BinlogOutcome.Skipped($"source table {record.OldTableName} renamed without a new name");
        }
        var newName = record.NewTableName;
        if (context.IsDatabaseSync)
        {
            var outcome = await TargetDdl.ExecuteAsync(context, "rename table",
                $"ALTER TABLE {context.QualifiedTarget(table)} RENAME {DorisSql.Identifier(newName)}",
                async ct =>
                {
                    var tables = await DbCatalog.ListAsync(context.Target, context.Job.Dest.DbId, ct);
                    return tables.Any(t => t.Name == newName) && tables.All(t => t.Name != table);
                },
                cancellationToken);
            if (outcome is not BinlogOutcome.Applied) return outcome;
            var renamed = await DbCatalog.FindAsync(context.Target, context.Job.Dest.DbId, newName, cancellationToken)
                ?? throw SyncException.Transient($"target table {newName} not found after RENAME");
            return new BinlogOutcome.Applied(p => DbTableMap.Map(p, record.Tb, newName, renamed.Id));
        }
        context.Logger.LogWarning(
            "binlog {CommitSeq}: source table {Old} renamed to {New}; the job follows it and keeps replicating into target table {Target}",
            context.CommitSeq, record.OldTableName, newName, table);
        // The job names its source table in getBinlog and in later backups: it follows the new name.
        return new BinlogOutcome.Applied(JobUpdate: job => job with { Src = job.Src with { Table = newName } });
    }
}
