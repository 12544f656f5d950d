using Syncer.Doris.Binlog.Records;
using Syncer.Doris.Sql;
using Syncer.Doris.Thrift;

namespace Syncer.Engine.Binlogs;

/// <summary>
/// TRUNCATE_TABLE (13): <c>TRUNCATE TABLE `db`.`t` [PARTITIONS (...)]</c>. Replaying it is harmless: nothing after this
/// binlog has been applied to the table yet, so a second truncate removes nothing the first did not.
/// </summary>
public sealed class TruncateTableHandler : IBinlogHandler
{
    /// <inheritdoc />
    public TBinlogType Type => TBinlogType.TRUNCATE_TABLE;

    /// <inheritdoc />
    public bool NeedsStartMarker => true;

    /// <inheritdoc />
    public async Task<BinlogOutcome> HandleAsync(BinlogContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var record = BinlogPayload.Read<TruncateTableRecord>(context);
        BinlogPayload.Require(context, record.TblId != 0, "TRUNCATE_TABLE without tblId");
        var table = context.TargetTableOf(record.TblId, record.Table);
        if (table is null) return BinlogPayload.OtherTable(context, record.TblId, record.Table);
        return await TargetDdl.ExecuteAsync(context, "truncate", TruncateTableStatement.Build(record, context.TargetDatabase, table), null, cancellationToken);
    }
}

/// <summary>Builds the target's TRUNCATE TABLE statement (pure; docs/binlog-handlers.md).</summary>
public static class TruncateTableStatement
{
    /// <summary><c>TRUNCATE TABLE `db`.`t`</c>, followed by the record's rawSql (<c>PARTITIONS (p1, p2)</c>) when it has one.</summary>
    public static string Build(TruncateTableRecord record, string targetDatabase, string targetTable)
    {
        ArgumentNullException.ThrowIfNull(record);
        var sql = $"TRUNCATE TABLE {DorisSql.Identifier(targetDatabase)}.{DorisSql.Identifier(targetTable)}";
        var raw = record.RawSql.Trim().TrimEnd(';').TrimEnd();
        return raw.Length == 0 ? sql : sql + " " + raw;
    }
}
