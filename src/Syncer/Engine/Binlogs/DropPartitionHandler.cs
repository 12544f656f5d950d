using Syncer.Doris.Binlog.Records;
using Syncer.Doris.Sql;
using Syncer.Doris.Thrift;
using Syncer.Jobs;

namespace Syncer.Engine.Binlogs;

/// <summary>
/// DROP_PARTITION (3): <c>ALTER TABLE `db`.`t` DROP PARTITION ...</c> from the record's sql. Temporary partitions are
/// skipped (N's behaviour): the ADD_PARTITION handler never creates them on the target. With <c>drop_policy: keep</c> the
/// target keeps the partition (the job's later upserts never name it again).
/// </summary>
public sealed class DropPartitionHandler : IBinlogHandler
{
    /// <inheritdoc />
    public TBinlogType Type => TBinlogType.DROP_PARTITION;

    /// <inheritdoc />
    public bool NeedsStartMarker => true;

    /// <inheritdoc />
    public async Task<BinlogOutcome> HandleAsync(BinlogContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var record = BinlogPayload.Read<DropPartitionInfo>(context);
        BinlogPayload.Require(context, record.TableId != 0, "DROP_PARTITION without tableId");
        BinlogPayload.Require(context, !string.IsNullOrWhiteSpace(record.Sql) || record.PartitionName.Length > 0, "DROP_PARTITION without sql or partitionName");
        var table = context.TargetTableOf(record.TableId);
        if (table is null) return BinlogPayload.OtherTable(context, record.TableId, null);
        var partition = DropPartitionStatement.PartitionName(record);
        if (record.IsTempPartition) return new BinlogOutcome.Skipped($"temporary partition {partition}: never created on the target");
        if (context.Job.DropPolicy == DropPolicy.Keep)
            return new BinlogOutcome.Kept($"drop_policy is keep: partition {partition} of {table} stays on the target");

        var sql = DropPartitionStatement.Build(record, context.TargetDatabase, table);
        return await TargetDdl.ExecuteAsync(context, "drop partition", sql,
            async ct => partition is not null && !(await TargetCatalog.PartitionNamesAsync(context, table, false, ct)).Contains(partition, StringComparer.OrdinalIgnoreCase),
            cancellationToken);
    }
}

/// <summary>Builds the target's DROP PARTITION statement (pure; docs/binlog-handlers.md).</summary>
public static class DropPartitionStatement
{
    /// <summary>
    /// <c>ALTER TABLE `db`.`t` </c> + the record's sql (e.g. <c>DROP PARTITION `p1`</c>); when a record has no sql, one
    /// is built from partitionName, isTempPartition and forceDrop.
    /// </summary>
    public static string Build(DropPartitionInfo record, string targetDatabase, string targetTable)
    {
        ArgumentNullException.ThrowIfNull(record);
        var clause = record.Sql.Trim().TrimEnd(';').TrimEnd();
        if (clause.Length == 0)
        {
            clause = "DROP " + (record.IsTempPartition ? "TEMPORARY " : "") + "PARTITION " + DorisSql.Identifier(record.PartitionName) + (record.ForceDrop ? " FORCE" : "");
        }
        return $"ALTER TABLE {DorisSql.Identifier(targetDatabase)}.{DorisSql.Identifier(targetTable)} {clause}";
    }

    /// <summary>The dropped partition's name: partitionName, else the name after PARTITION in the sql.</summary>
    public static string? PartitionName(DropPartitionInfo record)
    {
        ArgumentNullException.ThrowIfNull(record);
        if (record.PartitionName.Length > 0) return record.PartitionName;
        return SqlText.NameAfterPartition(record.Sql);
    }
}
