using System.Globalization;
using System.Text.RegularExpressions;
using Syncer.Doris.Binlog.Records;
using Syncer.Doris.Sql;
using Syncer.Doris.Thrift;

namespace Syncer.Engine.Binlogs;

/// <summary>
/// ADD_PARTITION (1): <c>ALTER TABLE target ADD PARTITION ...</c> rebuilt from the record's sql with the distribution
/// fix-ups of docs/binlog-handlers.md (ADD_PARTITION). Temporary partitions are skipped, as the Go syncer does: they exist only for an
/// INSERT OVERWRITE whose REPLACE_PARTITIONS binlog brings the target level through a partial or full sync, and a
/// target table holding temporary partitions cannot be backed up or restored by Doris.
/// </summary>
public sealed class AddPartitionHandler : IBinlogHandler
{
    /// <inheritdoc />
    public TBinlogType Type => TBinlogType.ADD_PARTITION;

    /// <inheritdoc />
    public bool NeedsStartMarker => true;

    /// <inheritdoc />
    public async Task<BinlogOutcome> HandleAsync(BinlogContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var record = BinlogPayload.Read<AddPartitionRecord>(context);
        BinlogPayload.Require(context, record.TableId != 0, "ADD_PARTITION without tableId");
        BinlogPayload.Require(context, !string.IsNullOrWhiteSpace(record.Sql), "ADD_PARTITION without sql");
        var table = context.TargetTableOf(record.TableId);
        if (table is null) return BinlogPayload.OtherTable(context, record.TableId, null);
        var partition = AddPartitionStatement.PartitionName(record);
        if (record.IsTempPartition)
        {
            return new BinlogOutcome.Skipped($"temporary partition {partition}: not replicated (an INSERT OVERWRITE's REPLACE_PARTITIONS syncs the result)");
        }

        var sql = AddPartitionStatement.Build(record, context.TargetDatabase, table);
        return await TargetDdl.ExecuteAsync(context, "add partition", sql,
            async ct => partition is not null && (await TargetCatalog.PartitionNamesAsync(context, table, false, ct)).Contains(partition, StringComparer.OrdinalIgnoreCase),
            cancellationToken);
    }
}

/// <summary>Builds the target's ADD PARTITION statement from an ADD_PARTITION record (pure; docs/binlog-handlers.md).</summary>
public static partial class AddPartitionStatement
{
    /// <summary>
    /// <c>ALTER TABLE `db`.`t` </c> + the record's sql without its trailing <c>;</c>. An explicit, non-AUTO BUCKETS keeps
    /// the sql as it is; otherwise a BUCKETS AUTO tail is cut, <c>DISTRIBUTED BY HASH(`c`, ...)</c> or <c>RANDOM</c> is
    /// added from the record's distribution when absent, then <c>BUCKETS n</c>. Output of FEs before 2.1.3/2.0.10 is
    /// repaired: the bogus <c>VALUES [(), ()) (...)</c> of an unpartitioned table is removed and <c>VALUES IN (((x)))</c>
    /// becomes <c>VALUES IN ((x))</c>. Keywords are looked for outside names and literals only.
    /// </summary>
    public static string Build(AddPartitionRecord record, string targetDatabase, string targetTable)
    {
        ArgumentNullException.ThrowIfNull(record);
        var clause = record.Sql.Trim().TrimEnd(';').TrimEnd();
        clause = UnpartitionedValues().Replace(clause, "").TrimEnd();
        var list = TripleParenList().Match(clause);
        if (list.Success) clause = clause[..list.Index] + "VALUES IN ((" + list.Groups[1].Value + "))" + clause[(list.Index + list.Length)..];
        if (record.IsTempPartition && !SqlText.ContainsKeywords(clause, "ADD", "TEMPORARY", "PARTITION"))
        {
            var add = SqlText.IndexOfKeywords(clause, false, "ADD", "PARTITION");
            if (add >= 0) clause = clause[..add] + "ADD TEMPORARY PARTITION" + clause[(SqlText.IndexOfKeywords(clause, false, "PARTITION") + "PARTITION".Length)..];
        }

        var sql = $"ALTER TABLE {DorisSql.Identifier(targetDatabase)}.{DorisSql.Identifier(targetTable)} {clause}";
        var buckets = SqlText.IndexOfKeywords(sql, true, "BUCKETS");
        if (buckets >= 0)
        {
            if (SqlText.IndexOfKeywords(sql, true, "BUCKETS", "AUTO") != buckets) return sql;
            sql = sql[..buckets].TrimEnd();
        }

        var distribution = record.Partition.Di ?? record.Partition.DistributionInfo;
        if (!SqlText.ContainsKeywords(sql, "DISTRIBUTED", "BY"))
        {
            sql += string.Equals(distribution.Type, "RANDOM", StringComparison.OrdinalIgnoreCase)
                ? " DISTRIBUTED BY RANDOM"
                : " DISTRIBUTED BY HASH(" + string.Join(", ", (distribution.DistributionColumns ?? []).Select(c => DorisSql.Identifier(c.Name))) + ")";
        }
        if (distribution.BucketNum > 0) sql += string.Create(CultureInfo.InvariantCulture, $" BUCKETS {distribution.BucketNum}");
        return sql;
    }

    /// <summary>The partition's name: the record's partition object, else the name after PARTITION in its sql.</summary>
    public static string? PartitionName(AddPartitionRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        if (!string.IsNullOrEmpty(record.Partition.Name)) return record.Partition.Name;
        return SqlText.NameAfterPartition(record.Sql);
    }

    [GeneratedRegex(@"VALUES \[\(\), \(\)\) \([^\)]+\)")]
    private static partial Regex UnpartitionedValues();

    [GeneratedRegex(@"VALUES IN \(\(\((.*)\)\)\)")]
    private static partial Regex TripleParenList();
}
