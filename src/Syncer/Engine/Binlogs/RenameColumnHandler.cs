using Syncer.Doris.Binlog.Records;
using Syncer.Doris.Sql;
using Syncer.Doris.Thrift;

namespace Syncer.Engine.Binlogs;

/// <summary>
/// RENAME_COLUMN (15): <c>ALTER TABLE `db`.`t` RENAME COLUMN `a` `b`</c>. On a replay, a target that has the new name
/// and not the old one already took it.
/// </summary>
public sealed class RenameColumnHandler : IBinlogHandler
{
    /// <inheritdoc />
    public TBinlogType Type => TBinlogType.RENAME_COLUMN;

    /// <inheritdoc />
    public bool NeedsStartMarker => true;

    /// <inheritdoc />
    public async Task<BinlogOutcome> HandleAsync(BinlogContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var record = BinlogPayload.Read<TableRenameColumnInfo>(context);
        BinlogPayload.Require(context, record.TableId != 0, "RENAME_COLUMN without tableId");
        BinlogPayload.Require(context, record.ColName.Length > 0 && record.NewColName.Length > 0, "RENAME_COLUMN without colName/newColName");
        var table = context.TargetTableOf(record.TableId);
        if (table is null) return BinlogPayload.OtherTable(context, record.TableId, null);
        return await TargetDdl.ExecuteAsync(context, "rename column", RenameColumnStatement.Build(record, context.TargetDatabase, table),
            async ct =>
            {
                var columns = await TargetCatalog.ColumnNamesAsync(context, table, ct);
                return columns.Contains(record.NewColName, StringComparer.OrdinalIgnoreCase)
                       && (string.Equals(record.ColName, record.NewColName, StringComparison.OrdinalIgnoreCase)
                           || !columns.Contains(record.ColName, StringComparer.OrdinalIgnoreCase));
            },
            cancellationToken);
    }
}

/// <summary>Builds the target's RENAME COLUMN statement (pure; docs/binlog-handlers.md).</summary>
public static class RenameColumnStatement
{
    /// <summary><c>ALTER TABLE `db`.`t` RENAME COLUMN `old` `new`</c>.</summary>
    public static string Build(TableRenameColumnInfo record, string targetDatabase, string targetTable)
    {
        ArgumentNullException.ThrowIfNull(record);
        return $"ALTER TABLE {DorisSql.Identifier(targetDatabase)}.{DorisSql.Identifier(targetTable)} RENAME COLUMN {DorisSql.Identifier(record.ColName)} {DorisSql.Identifier(record.NewColName)}";
    }
}
