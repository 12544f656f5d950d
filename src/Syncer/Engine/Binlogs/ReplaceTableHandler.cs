using Syncer.Doris.Binlog.Records;
using Syncer.Doris.Sql;
using Syncer.Doris.Thrift;
using Syncer.Engine.Database;
using Syncer.Jobs;

namespace Syncer.Engine.Binlogs;

/// <summary>
/// REPLACE_TABLE (18, <c>ALTER TABLE a REPLACE WITH TABLE b [PROPERTIES ("swap" = …)] [FORCE]</c>). Database sync: the
/// same statement on the target when both tables are replicated, and the map follows (with swap the two tables trade
/// names; without it <c>b</c> takes <c>a</c>'s name and <c>a</c> is gone); on a replay, a target whose table <c>a</c>
/// already has <c>b</c>'s id took it. When <c>b</c> is not on the target, table <c>a</c> is restored by a partial sync.
/// Table sync: when the job's source table is one of the two, the name the job replicates now holds other rows (or is
/// gone), so only a full sync brings the target level; a replace between two other tables is skipped.
/// </summary>
public sealed class ReplaceTableHandler : IBinlogHandler
{
    /// <inheritdoc />
    public TBinlogType Type => TBinlogType.REPLACE_TABLE;

    /// <inheritdoc />
    public bool NeedsStartMarker => true;

    /// <inheritdoc />
    public async Task<BinlogOutcome> HandleAsync(BinlogContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var record = BinlogPayload.Read<ReplaceTableOperationLog>(context);
        BinlogPayload.Require(context, record.OrigTblId != 0, "REPLACE_TABLE without origTblId");
        if (context.IsDatabaseSync) return await ReplaceAsync(context, record, cancellationToken);
        if (context.TargetTableOf(record.OrigTblId, record.OrigTblName) is null && context.TargetTableOf(record.NewTblId, record.ActualNewTblName) is null)
        {
            return BinlogPayload.OtherTable(context, record.OrigTblId, record.OrigTblName);
        }
        return new BinlogOutcome.FullSyncNeeded($"table {record.OrigTblName} replaced with table {record.ActualNewTblName} (swap={record.SwapTable})");
    }

    private static async Task<BinlogOutcome> ReplaceAsync(BinlogContext context, ReplaceTableOperationLog record, CancellationToken cancellationToken)
    {
        var orig = context.TargetTableOf(record.OrigTblId) ?? record.OrigTblName;
        var other = context.TargetTableOf(record.NewTblId) ?? record.ActualNewTblName;
        if (!JobTableScope.Includes(context.Job, orig)) return BinlogPayload.NotReplicated(context, record.OrigTblId, orig);
        if (context.TargetTableOf(record.OrigTblId) is null && context.IsNameOfAnotherTable(record.OrigTblId, orig))
            return new BinlogOutcome.Skipped($"{orig} on the target is another source table now");
        if (context.TargetTableIdOf(record.NewTblId) is not { } otherTargetId)
        {
            // The replacing table is not on the target: the name's new contents come from the source.
            return new BinlogOutcome.PartialSyncNeeded(new PartialSyncData { TableId = record.NewTblId, Table = orig },
                $"table {orig} replaced with {other}, which the target does not have",
                record.SwapTable ? null : p => DbTableMap.Unmap(p, record.OrigTblId));
        }
        var sql = $"ALTER TABLE {context.QualifiedTarget(orig)} REPLACE WITH TABLE {DorisSql.Identifier(other)} "
            + $"PROPERTIES(\"swap\" = \"{(record.SwapTable ? "true" : "false")}\"){(record.IsForce ? " FORCE" : "")}";
        var outcome = await TargetDdl.ExecuteAsync(context, "replace table", sql,
            async ct => (await DbCatalog.FindAsync(context.Target, context.Job.Dest.DbId, orig, ct))?.Id == otherTargetId,
            cancellationToken);
        if (outcome is not BinlogOutcome.Applied) return outcome;
        var origTargetId = context.TargetTableIdOf(record.OrigTblId);
        return new BinlogOutcome.Applied(p =>
        {
            // Ids stay with the tables' data; the names move.
            var next = DbTableMap.Map(p, record.NewTblId, orig, otherTargetId);
            return record.SwapTable && origTargetId is { } id ? DbTableMap.Map(next, record.OrigTblId, other, id) : DbTableMap.Unmap(next, record.OrigTblId);
        });
    }
}
