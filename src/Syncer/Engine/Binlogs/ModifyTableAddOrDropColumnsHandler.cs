using System.Text.RegularExpressions;
using Syncer.Doris.Binlog.Records;
using Syncer.Doris.Sql;
using Syncer.Doris.Thrift;

namespace Syncer.Engine.Binlogs;

/// <summary>
/// MODIFY_TABLE_ADD_OR_DROP_COLUMNS (6), a light schema change: the record's rawSql with its table reference replaced
/// by the target table (docs/binlog-handlers.md). On a replay the target's columns are compared with the schema the record
/// carries (<c>indexSchemaMap</c>): equal means the change already took effect.
/// </summary>
public sealed class ModifyTableAddOrDropColumnsHandler : IBinlogHandler
{
    /// <inheritdoc />
    public TBinlogType Type => TBinlogType.MODIFY_TABLE_ADD_OR_DROP_COLUMNS;

    /// <inheritdoc />
    public bool NeedsStartMarker => true;

    /// <inheritdoc />
    public async Task<BinlogOutcome> HandleAsync(BinlogContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var record = BinlogPayload.Read<TableAddOrDropColumnsInfo>(context);
        BinlogPayload.Require(context, record.TableId != 0, "MODIFY_TABLE_ADD_OR_DROP_COLUMNS without tableId");
        BinlogPayload.Require(context, !string.IsNullOrWhiteSpace(record.RawSql), "MODIFY_TABLE_ADD_OR_DROP_COLUMNS without rawSql");
        var table = context.TargetTableOf(record.TableId);
        if (table is null) return BinlogPayload.OtherTable(context, record.TableId, null);

        string sql;
        try
        {
            sql = LightSchemaChangeStatement.Build(record.RawSql, context.TargetDatabase, table);
        }
        catch (FormatException e)
        {
            throw SyncException.Permanent($"binlog {context.CommitSeq}: {e.Message}", e);
        }
        return await TargetDdl.ExecuteAsync(context, "light schema change", sql,
            async ct => LightSchemaChangeStatement.SchemaMatches(record, await TargetCatalog.ColumnNamesAsync(context, table, ct)),
            cancellationToken);
    }
}

/// <summary>Rewrites a light schema change's rawSql for the target (pure; docs/binlog-handlers.md).</summary>
public static partial class LightSchemaChangeStatement
{
    /// <summary>
    /// The table reference after <c>ALTER TABLE</c> (<c>`db`.`t`</c>, <c>`default_cluster:db`.`t`</c>, <c>t</c>, ...)
    /// becomes <c>`targetDb`.`targetTable`</c>, which covers both the Go syncer's source-db removal and its table-alias
    /// replacement; <c>REPLACE_IF_NOT_NULL NULL DEFAULT "null"</c> becomes <c>... DEFAULT NULL</c> (apache/doris#41205).
    /// </summary>
    /// <exception cref="FormatException">rawSql is not an ALTER TABLE statement.</exception>
    public static string Build(string rawSql, string targetDatabase, string targetTable)
    {
        ArgumentNullException.ThrowIfNull(rawSql);
        var sql = rawSql.Trim().TrimEnd(';').TrimEnd();
        var alter = SqlText.IndexOfKeywords(sql, false, "ALTER", "TABLE");
        var name = alter < 0 ? null : SqlText.ReadQualifiedName(sql, SqlText.IndexOfKeywords(sql, false, "TABLE") + "TABLE".Length);
        if (alter < 0 || sql[..alter].Trim().Length > 0 || name is null)
        {
            throw new FormatException($"light schema change rawSql is not an ALTER TABLE statement: {rawSql}");
        }
        var target = $"{DorisSql.Identifier(targetDatabase)}.{DorisSql.Identifier(targetTable)}";
        sql = sql[..name.Value.Start] + target + sql[name.Value.End..];
        return NullDefault().Replace(sql, "REPLACE_IF_NOT_NULL NULL DEFAULT NULL");
    }

    /// <summary>
    /// Whether <paramref name="targetColumns"/> (visible columns in order) is one of the schemas the record says the
    /// table has after the change. Hidden columns (<c>__DORIS_...</c>) are not shown by DESC and are left out.
    /// </summary>
    public static bool SchemaMatches(TableAddOrDropColumnsInfo record, IReadOnlyList<string> targetColumns)
    {
        ArgumentNullException.ThrowIfNull(record);
        ArgumentNullException.ThrowIfNull(targetColumns);
        return record.IndexSchemaMap.Values.Any(schema =>
            schema.Select(c => c.Name).Where(n => !n.StartsWith("__DORIS_", StringComparison.OrdinalIgnoreCase))
                .SequenceEqual(targetColumns, StringComparer.OrdinalIgnoreCase));
    }

    [GeneratedRegex("REPLACE_IF_NOT_NULL NULL DEFAULT \"null\"")]
    private static partial Regex NullDefault();
}
