using Syncer.Doris.Binlog.Records;
using Syncer.Doris.Sql;
using Syncer.Doris.Thrift;

namespace Syncer.Engine.Binlogs;

/// <summary>
/// DROP_ROLLUP (23; 2.x FEs send it inside a BARRIER): <c>ALTER TABLE `db`.`t` DROP ROLLUP `r`</c>. A target without the
/// rollup (a replay, or a rollup the target never had) counts as dropped. The Go syncer does not replicate it.
/// </summary>
public sealed class DropRollupHandler : IBinlogHandler
{
    /// <inheritdoc />
    public TBinlogType Type => TBinlogType.DROP_ROLLUP;

    /// <inheritdoc />
    public bool NeedsStartMarker => true;

    /// <inheritdoc />
    public async Task<BinlogOutcome> HandleAsync(BinlogContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var record = BinlogPayload.Read<DropRollupInfo>(context);
        BinlogPayload.Require(context, record.TableId != 0, "DROP_ROLLUP without tableId");
        BinlogPayload.Require(context, record.IndexName.Length > 0, "DROP_ROLLUP without indexName");
        var table = context.TargetTableOf(record.TableId, record.TableName);
        if (table is null) return BinlogPayload.OtherTable(context, record.TableId, record.TableName);
        if (!(await TargetCatalog.RollupNamesAsync(context, table, cancellationToken)).Contains(record.IndexName, StringComparer.Ordinal))
            return new BinlogOutcome.Skipped($"target table {table} has no rollup {record.IndexName}");
        return await TargetDdl.ExecuteAsync(context, "drop rollup",
            $"ALTER TABLE {DorisSql.Identifier(context.TargetDatabase)}.{DorisSql.Identifier(table)} DROP ROLLUP {DorisSql.Identifier(record.IndexName)}",
            async ct => !(await TargetCatalog.RollupNamesAsync(context, table, ct)).Contains(record.IndexName, StringComparer.Ordinal),
            cancellationToken);
    }
}
