using System.Text;
using Syncer.Doris.Binlog.Records;
using Syncer.Doris.Sql;
using Syncer.Doris.Thrift;

namespace Syncer.Engine.Binlogs;

/// <summary>
/// MODIFY_TABLE_ADD_OR_DROP_INVERTED_INDICES (19, a light ADD/DROP of an inverted index):
/// <c>ALTER TABLE `db`.`t` ADD INDEX … / DROP INDEX …</c> built from <c>alterInvertedIndexes</c> (no text rewriting of
/// rawSql, which may be a CREATE INDEX; rawSql is the fallback). On a replay, a target whose index list already shows
/// the change took it.
/// </summary>
public sealed class ModifyTableAddOrDropInvertedIndicesHandler : IBinlogHandler
{
    /// <inheritdoc />
    public TBinlogType Type => TBinlogType.MODIFY_TABLE_ADD_OR_DROP_INVERTED_INDICES;

    /// <inheritdoc />
    public bool NeedsStartMarker => true;

    /// <inheritdoc />
    public async Task<BinlogOutcome> HandleAsync(BinlogContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var record = BinlogPayload.Read<TableAddOrDropInvertedIndicesInfo>(context);
        BinlogPayload.Require(context, record.TableId != 0, "MODIFY_TABLE_ADD_OR_DROP_INVERTED_INDICES without tableId");
        var table = context.TargetTableOf(record.TableId);
        if (table is null) return BinlogPayload.OtherTable(context, record.TableId, null);
        string sql;
        try
        {
            sql = InvertedIndexStatement.Build(record, context.TargetDatabase, table);
        }
        catch (FormatException e)
        {
            throw SyncException.Permanent($"binlog {context.CommitSeq}: {e.Message}", e);
        }
        var names = record.AlterInvertedIndexes.Select(i => i.IndexName).ToList();
        return await TargetDdl.ExecuteAsync(context, record.IsDropInvertedIndex ? "drop inverted index" : "add inverted index", sql,
            async ct =>
            {
                var present = await TargetCatalog.IndexNamesAsync(context, table, ct);
                return names.Count > 0 && names.All(n => present.Contains(n, StringComparer.OrdinalIgnoreCase) != record.IsDropInvertedIndex);
            },
            cancellationToken);
    }
}

/// <summary>Builds the target's ADD/DROP INDEX statement for an inverted index change (pure).</summary>
public static class InvertedIndexStatement
{
    /// <summary>
    /// <c>ALTER TABLE `db`.`t` ADD INDEX `i` (`c`, …) USING INVERTED [PROPERTIES ("k" = "v", …)] [COMMENT '…'], …</c> or
    /// <c>… DROP INDEX `i`, …</c>; without index objects, rawSql with its table reference replaced.
    /// </summary>
    /// <exception cref="FormatException">Neither index objects nor a usable rawSql.</exception>
    public static string Build(TableAddOrDropInvertedIndicesInfo record, string targetDatabase, string targetTable)
    {
        ArgumentNullException.ThrowIfNull(record);
        var target = $"{DorisSql.Identifier(targetDatabase)}.{DorisSql.Identifier(targetTable)}";
        if (record.AlterInvertedIndexes.Count == 0)
        {
            if (string.IsNullOrWhiteSpace(record.RawSql)) throw new FormatException("inverted index change without alterInvertedIndexes or rawSql");
            return LightSchemaChangeStatement.Build(record.RawSql, targetDatabase, targetTable);
        }
        var clauses = record.AlterInvertedIndexes.Select(index =>
        {
            if (record.IsDropInvertedIndex) return $"DROP INDEX {DorisSql.Identifier(index.IndexName)}";
            var clause = new StringBuilder($"ADD INDEX {DorisSql.Identifier(index.IndexName)} ({string.Join(", ", index.Columns.Select(DorisSql.Identifier))}) USING ");
            clause.Append(string.IsNullOrEmpty(index.IndexType) ? "INVERTED" : index.IndexType);
            if (index.Properties.Count > 0)
                clause.Append(" PROPERTIES (").AppendJoin(", ", index.Properties.Select(p => $"{DorisSql.String(p.Key)} = {DorisSql.String(p.Value)}")).Append(')');
            if (!string.IsNullOrEmpty(index.Comment)) clause.Append(" COMMENT ").Append(DorisSql.String(index.Comment));
            return clause.ToString();
        });
        return $"ALTER TABLE {target} {string.Join(", ", clauses)}";
    }
}
