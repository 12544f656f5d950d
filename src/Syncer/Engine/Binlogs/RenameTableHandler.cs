using Microsoft.Extensions.Logging;
using Syncer.Doris.Binlog.Records;
using Syncer.Doris.Thrift;
using Syncer.Doris.Sql;
using Syncer.Engine.Database;
using Syncer.Jobs;

namespace Syncer.Engine.Binlogs;

/// <summary>
/// RENAME_TABLE (14). Database sync: <c>ALTER TABLE `db`.`old` RENAME `new`</c> on the target and the map follows the
/// new name (the Go syncer ran it unquoted); on a replay a target with the new name and without the old one already
/// took it. Table sync: another table's rename is skipped; a rename of the job's own source table changes the job's
/// source name (later getBinlog calls and backups use it) and keeps replicating into the same target table (the Go
/// syncer answers "rename table is not supported when table sync" and is stuck on the binlog forever). The older record
/// form also carries partition (<c>oP</c>/<c>nP</c>) and rollup (<c>oR</c>/<c>nR</c>) renames, replayed as such.
/// Across a database job's include/exclude filter: a table renamed out of it is dropped on the target (kept, under its
/// old name, with <c>drop_policy: keep</c>) and no longer synced; a table renamed into it is restored on the target by a
/// partial sync of that table under its new name.
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
        var (oldName, renamedTo) = (record.OldTableName ?? "", record.NewTableName ?? "");
        var tableRename = renamedTo.Length > 0 && string.IsNullOrEmpty(record.NewPartitionName) && string.IsNullOrEmpty(record.NewRollupName);
        if (table is null && context.IsDatabaseSync && !string.IsNullOrEmpty(record.OldTableName) && JobTableScope.Includes(context.Job, record.OldTableName)
            && !context.IsNameOfAnotherTable(record.Tb, record.OldTableName)
            && await DbCatalog.FindAsync(context.Target, context.Job.Dest.DbId, record.OldTableName, cancellationToken) is not null)
        {
            // Unmapped (the repair by name looked for the source's current, new name): the target still has the old one.
            table = record.OldTableName;
        }
        if (table is null)
        {
            if (context.IsDatabaseSync && tableRename && oldName.Length > 0 && JobTableScope.FilterExcludes(context.Job, oldName)
                && JobTableScope.Includes(context.Job, renamedTo))
            {
                // Renamed into the filter: the target gets the table as the source has it now, by a partial sync of it.
                return new BinlogOutcome.PartialSyncNeeded(new PartialSyncData { TableId = record.Tb, Table = renamedTo },
                    $"source table {record.OldTableName} renamed to {record.NewTableName}, which the job's filter includes: it is restored on the target");
            }
            return BinlogPayload.NotReplicated(context, record.Tb, record.OldTableName);
        }
        if (context.IsDatabaseSync && tableRename && JobTableScope.FilterExcludes(context.Job, renamedTo))
        {
            return await RenamedOutAsync(context, record, table, cancellationToken);
        }
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

    // Renamed out of the filter: the job stops syncing it, and the target drops it as if the source had dropped it — unless
    // the drop policy keeps it (then it stays under its old name). A replay finds it gone and only forgets the mapping.
    private static async Task<BinlogOutcome> RenamedOutAsync(BinlogContext context, TableInfo record, string table, CancellationToken cancellationToken)
    {
        var reason = $"source table {record.OldTableName} renamed to {record.NewTableName}, which the job's filter leaves out";
        if (context.Job.DropPolicy == DropPolicy.Keep)
            return new BinlogOutcome.Kept($"{reason}; drop_policy is keep: target table {table} stays, no longer synced", p => DbTableMap.Unmap(p, record.Tb));
        var existing = await DbCatalog.FindAsync(context.Target, context.Job.Dest.DbId, table, cancellationToken);
        if (existing is not null)
        {
            var sql = existing.IsView
                ? $"DROP VIEW IF EXISTS {context.QualifiedTarget(table)}"
                : $"DROP TABLE IF EXISTS {context.QualifiedTarget(table)} FORCE";
            var outcome = await TargetDdl.ExecuteAsync(context, existing.IsView ? "drop view" : "drop table", sql, null, cancellationToken);
            if (outcome is not BinlogOutcome.Applied) return outcome;
        }
        context.Logger.LogInformation("binlog {CommitSeq}: {Reason}; target {Table} dropped", context.CommitSeq, reason, table);
        return new BinlogOutcome.Applied(p => DbTableMap.Unmap(p, record.Tb));
    }
}
