using Syncer.Doris.Binlog.Records;
using Syncer.Doris.Sql;
using Syncer.Doris.Thrift;

namespace Syncer.Engine.Binlogs;

/// <summary>
/// MODIFY_COMMENT (16): the table comment or column comments. Setting a comment again is harmless, so a replay simply
/// runs it again.
/// </summary>
public sealed class ModifyCommentHandler : IBinlogHandler
{
    /// <inheritdoc />
    public TBinlogType Type => TBinlogType.MODIFY_COMMENT;

    /// <inheritdoc />
    public bool NeedsStartMarker => true;

    /// <inheritdoc />
    public async Task<BinlogOutcome> HandleAsync(BinlogContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var record = BinlogPayload.Read<ModifyCommentOperationLog>(context);
        BinlogPayload.Require(context, record.TblId != 0, "MODIFY_COMMENT without tblId");
        var table = context.TargetTableOf(record.TblId);
        if (table is null) return BinlogPayload.OtherTable(context, record.TblId, null);
        var sql = ModifyCommentStatement.Build(record, context.TargetDatabase, table);
        if (sql is null) return new BinlogOutcome.Skipped($"MODIFY_COMMENT of type {record.Type} with nothing to set");
        return await TargetDdl.ExecuteAsync(context, "modify comment", sql, null, cancellationToken);
    }
}

/// <summary>Builds the target's MODIFY COMMENT statement (pure; docs/binlog-handlers.md).</summary>
public static class ModifyCommentStatement
{
    /// <summary>
    /// <c>ALTER TABLE `db`.`t` MODIFY COLUMN `c` COMMENT '...'[, ...]</c> for type COLUMN, <c>ALTER TABLE `db`.`t` MODIFY
    /// COMMENT '...'</c> for type TABLE; null when there is nothing to set. Comments are quoted as SQL string literals.
    /// </summary>
    public static string? Build(ModifyCommentOperationLog record, string targetDatabase, string targetTable)
    {
        ArgumentNullException.ThrowIfNull(record);
        var head = $"ALTER TABLE {DorisSql.Identifier(targetDatabase)}.{DorisSql.Identifier(targetTable)} ";
        if (string.Equals(record.Type, "COLUMN", StringComparison.OrdinalIgnoreCase))
        {
            if (record.ColToComment is not { Count: > 0 } columns) return null;
            return head + string.Join(", ", columns
                .OrderBy(c => c.Key, StringComparer.Ordinal)
                .Select(c => $"MODIFY COLUMN {DorisSql.Identifier(c.Key)} COMMENT {DorisSql.String(c.Value)}"));
        }
        if (string.Equals(record.Type, "TABLE", StringComparison.OrdinalIgnoreCase))
        {
            return head + "MODIFY COMMENT " + DorisSql.String(record.TblComment ?? "");
        }
        return null;
    }
}
