using Syncer.Doris.Binlog.Records;
using Syncer.Doris.Sql;
using Syncer.Doris.Thrift;
using Syncer.Jobs;

namespace Syncer.Engine.Binlogs;

/// <summary>
/// RENAME_PARTITION (22; newer FEs send it inside a BARRIER): <c>ALTER TABLE `db`.`t` RENAME PARTITION `old` `new`</c>.
/// A record without the old name cannot be replayed as a rename, so the partition is synced by a partial sync (N's
/// behaviour). On a replay, a target with the new name and without the old one already took it.
/// </summary>
public sealed class RenamePartitionHandler : IBinlogHandler
{
    /// <inheritdoc />
    public TBinlogType Type => TBinlogType.RENAME_PARTITION;

    /// <inheritdoc />
    public bool NeedsStartMarker => true;

    /// <inheritdoc />
    public async Task<BinlogOutcome> HandleAsync(BinlogContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var record = BinlogPayload.Read<TableInfo>(context);
        BinlogPayload.Require(context, record.Tb != 0, "RENAME_PARTITION without tb");
        BinlogPayload.Require(context, !string.IsNullOrEmpty(record.NewPartitionName), "RENAME_PARTITION without nP");
        var table = context.TargetTableOf(record.Tb);
        if (table is null) return BinlogPayload.OtherTable(context, record.Tb, null);
        return await RenameAsync(context, table, record, cancellationToken);
    }

    /// <summary>Renames the partition on <paramref name="table"/> (shared with the older RENAME_TABLE form).</summary>
    internal static async Task<BinlogOutcome> RenameAsync(BinlogContext context, string table, TableInfo record, CancellationToken cancellationToken)
    {
        var newName = record.NewPartitionName!;
        if (string.IsNullOrEmpty(record.OldPartitionName))
        {
            return new BinlogOutcome.PartialSyncNeeded(
                new PartialSyncData { TableId = record.Tb, Table = context.SourceTableName(record.Tb), Partitions = [newName] },
                $"partition renamed to {newName} without its old name");
        }
        var oldName = record.OldPartitionName;
        return await TargetDdl.ExecuteAsync(context, "rename partition", RenamePartitionStatement.Build(oldName, newName, context.TargetDatabase, table),
            async ct =>
            {
                var partitions = await TargetCatalog.PartitionNamesAsync(context, table, false, ct);
                return partitions.Contains(newName, StringComparer.OrdinalIgnoreCase) && !partitions.Contains(oldName, StringComparer.OrdinalIgnoreCase);
            },
            cancellationToken);
    }
}

/// <summary>Builds the target's RENAME PARTITION statement (pure).</summary>
public static class RenamePartitionStatement
{
    /// <summary><c>ALTER TABLE `db`.`t` RENAME PARTITION `old` `new`</c>.</summary>
    public static string Build(string oldName, string newName, string targetDatabase, string targetTable) =>
        $"ALTER TABLE {DorisSql.Identifier(targetDatabase)}.{DorisSql.Identifier(targetTable)} RENAME PARTITION {DorisSql.Identifier(oldName)} {DorisSql.Identifier(newName)}";
}
