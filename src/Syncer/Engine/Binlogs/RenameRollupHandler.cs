using Syncer.Doris.Binlog.Records;
using Syncer.Doris.Sql;
using Syncer.Doris.Thrift;

namespace Syncer.Engine.Binlogs;

/// <summary>
/// RENAME_ROLLUP (21; 2.x FEs send it inside a BARRIER): <c>ALTER TABLE `db`.`t` RENAME ROLLUP `old` `new`</c>. Rollups
/// reach the target with the table's restore, so their names follow. On a replay, a target listing the new name and
/// not the old one already took it.
/// </summary>
public sealed class RenameRollupHandler : IBinlogHandler
{
    /// <inheritdoc />
    public TBinlogType Type => TBinlogType.RENAME_ROLLUP;

    /// <inheritdoc />
    public bool NeedsStartMarker => true;

    /// <inheritdoc />
    public async Task<BinlogOutcome> HandleAsync(BinlogContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var record = BinlogPayload.Read<TableInfo>(context);
        BinlogPayload.Require(context, record.Tb != 0, "RENAME_ROLLUP without tb");
        BinlogPayload.Require(context, !string.IsNullOrEmpty(record.NewRollupName) && !string.IsNullOrEmpty(record.OldRollupName), "RENAME_ROLLUP without oR/nR");
        var table = context.TargetTableOf(record.Tb);
        if (table is null) return BinlogPayload.OtherTable(context, record.Tb, null);
        return await RenameAsync(context, table, record.OldRollupName!, record.NewRollupName!, cancellationToken);
    }

    /// <summary>Renames the rollup on <paramref name="table"/> (shared with the older RENAME_TABLE form).</summary>
    internal static Task<BinlogOutcome> RenameAsync(BinlogContext context, string table, string oldName, string newName, CancellationToken cancellationToken) =>
        TargetDdl.ExecuteAsync(context, "rename rollup", RenameRollupStatement.Build(oldName, newName, context.TargetDatabase, table),
            async ct =>
            {
                var indexes = await TargetCatalog.RollupNamesAsync(context, table, ct);
                return indexes.Contains(newName, StringComparer.Ordinal) && !indexes.Contains(oldName, StringComparer.Ordinal);
            },
            cancellationToken);
}

/// <summary>Builds the target's RENAME ROLLUP statement (pure).</summary>
public static class RenameRollupStatement
{
    /// <summary><c>ALTER TABLE `db`.`t` RENAME ROLLUP `old` `new`</c>.</summary>
    public static string Build(string oldName, string newName, string targetDatabase, string targetTable) =>
        $"ALTER TABLE {DorisSql.Identifier(targetDatabase)}.{DorisSql.Identifier(targetTable)} RENAME ROLLUP {DorisSql.Identifier(oldName)} {DorisSql.Identifier(newName)}";
}
