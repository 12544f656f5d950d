using Syncer.Doris.Binlog.Records;
using Syncer.Doris.Sql;
using Syncer.Doris.Thrift;

namespace Syncer.Engine.Binlogs;

/// <summary>
/// MODIFY_TABLE_PROPERTY (9): <c>ALTER TABLE `db`.`t` SET ('k' = 'v', ...)</c> rebuilt from the record's
/// <c>properties</c>, never from its <c>sql</c> (Doris writes <c>SET (k=v,...)</c> there, unquoted, not a statement).
/// Setting the same properties again is harmless, so a replay simply runs it again.
/// </summary>
public sealed class ModifyTablePropertyHandler : IBinlogHandler
{
    /// <inheritdoc />
    public TBinlogType Type => TBinlogType.MODIFY_TABLE_PROPERTY;

    /// <inheritdoc />
    public bool NeedsStartMarker => true;

    /// <inheritdoc />
    public async Task<BinlogOutcome> HandleAsync(BinlogContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var record = BinlogPayload.Read<ModifyTablePropertyOperationLog>(context);
        BinlogPayload.Require(context, record.TableId != 0, "MODIFY_TABLE_PROPERTY without tableId");
        var table = context.TargetTableOf(record.TableId, record.TableName.Length > 0 ? record.TableName : null);
        if (table is null) return BinlogPayload.OtherTable(context, record.TableId, record.TableName);
        var sql = ModifyTablePropertyStatement.Build(record, context.TargetDatabase, table);
        if (sql is null)
        {
            return new BinlogOutcome.Skipped($"properties [{string.Join(", ", record.Properties.Keys)}] belong to the source cluster, not copied");
        }
        return await TargetDdl.ExecuteAsync(context, "set table properties", sql, null, cancellationToken);
    }
}

/// <summary>Builds the target's ALTER TABLE ... SET statement (pure; docs/binlog-handlers.md).</summary>
public static class ModifyTablePropertyStatement
{
    /// <summary>
    /// Whether a source property is left off the target: <c>binlog.*</c> configures the source's own binlog retention
    /// (the target's binlog is its operator's choice, and the source must keep binlog on anyway), and
    /// <c>is_being_synced</c> is owned by the syncer (true on every target table until desync; copying the source's
    /// false would re-enable dynamic partitioning and auto buckets on a replica).
    /// </summary>
    public static bool IsSourceOnly(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return key.StartsWith("binlog.", StringComparison.OrdinalIgnoreCase) || string.Equals(key, "is_being_synced", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary><c>ALTER TABLE `db`.`t` SET ('k' = 'v', ...)</c> in key order, or null when every property is source-only.</summary>
    public static string? Build(ModifyTablePropertyOperationLog record, string targetDatabase, string targetTable)
    {
        ArgumentNullException.ThrowIfNull(record);
        var properties = record.Properties.Where(p => !IsSourceOnly(p.Key)).OrderBy(p => p.Key, StringComparer.Ordinal).ToList();
        if (properties.Count == 0) return null;
        return $"ALTER TABLE {DorisSql.Identifier(targetDatabase)}.{DorisSql.Identifier(targetTable)} SET ("
               + string.Join(", ", properties.Select(p => $"{DorisSql.String(p.Key)} = {DorisSql.String(p.Value)}")) + ")";
    }
}
