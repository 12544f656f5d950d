using Microsoft.Extensions.Logging;
using Syncer.Doris.Sql;

namespace Syncer.Engine.Binlogs;

/// <summary>
/// Runs one DDL statement on the target the way every DDL handler needs it: a refusal becomes a
/// <see cref="SyncException"/> of the right kind, and on a replay a refusal whose effect is already visible on the
/// target counts as applied (the Go syncer re-executes and fails forever, e.g. "Duplicate partition name").
/// Connection failures and timeouts (<see cref="IOException"/>, <see cref="TimeoutException"/>) propagate as transient.
/// </summary>
internal static class TargetDdl
{
    /// <summary>MySQL ER_BAD_TABLE_ERROR: Doris's "Unknown table" for ALTER/TRUNCATE on a missing table.</summary>
    private const int UnknownTableCode = 1051;

    /// <summary>
    /// Executes <paramref name="sql"/>. When Doris refuses it and this is a replay, <paramref name="alreadyApplied"/> checks the
    /// target; true means the earlier attempt took effect and the binlog is <see cref="BinlogOutcome.Applied"/>.
    /// </summary>
    public static async Task<BinlogOutcome> ExecuteAsync(
        BinlogContext context, string what, string sql, Func<CancellationToken, Task<bool>>? alreadyApplied, CancellationToken cancellationToken)
    {
        context.Logger.LogInformation("binlog {CommitSeq}: {What}: {Sql}", context.CommitSeq, what, sql);
        try
        {
            await context.Target.ExecuteAsync(sql, cancellationToken);
            return BinlogOutcome.Done;
        }
        catch (DorisSqlException e)
        {
            if (context.IsReplay && alreadyApplied is not null && await AlreadyAppliedAsync(alreadyApplied, cancellationToken))
            {
                context.Logger.LogInformation("binlog {CommitSeq}: {What} already took effect on the target before a restart ({Error}); counted as applied",
                    context.CommitSeq, what, e.Message);
                return BinlogOutcome.Done;
            }
            throw Classify(what, sql, e);
        }
    }

    // A check the target refuses too (e.g. the table is gone) proves nothing: the original refusal is reported.
    private static async Task<bool> AlreadyAppliedAsync(Func<CancellationToken, Task<bool>> check, CancellationToken cancellationToken)
    {
        try
        {
            return await check(cancellationToken);
        }
        catch (DorisSqlException)
        {
            return false;
        }
    }

    /// <summary>The <see cref="SyncException"/> for a statement Doris refused.</summary>
    public static SyncException Classify(string what, string sql, DorisSqlException e) =>
        e.ErrorCode == UnknownTableCode
            // The target table is gone: a full sync recreates it (the Go syncer's "meta" category).
            ? SyncException.TargetDrift($"{what}: target table missing: {e.Message} (sql: {sql})", e)
            : SyncException.Permanent($"{what} refused by the target: {e.Message} (sql: {sql})", e);
}

/// <summary>Reads of the target catalog that the replay checks need.</summary>
internal static class TargetCatalog
{
    /// <summary>The names of the (temporary, when <paramref name="temporary"/>) partitions of a target table.</summary>
    public static async Task<IReadOnlyList<string>> PartitionNamesAsync(BinlogContext context, string table, bool temporary, CancellationToken cancellationToken)
    {
        var result = await context.Target.QueryAsync(
            $"SHOW {(temporary ? "TEMPORARY " : "")}PARTITIONS FROM {context.QualifiedTarget(table)}", cancellationToken);
        return [.. result.Column("PartitionName").OfType<string>()];
    }

    /// <summary>The visible column names of a target table, in order (DESC's Field).</summary>
    public static async Task<IReadOnlyList<string>> ColumnNamesAsync(BinlogContext context, string table, CancellationToken cancellationToken)
    {
        var result = await context.Target.QueryAsync(
            $"SHOW COLUMNS FROM {context.QualifiedTarget(table)}", cancellationToken);
        return [.. result.Column("Field").OfType<string>()];
    }

    /// <summary>The index (base and rollup) names of a target table, from <c>DESC t ALL</c>.</summary>
    public static async Task<IReadOnlyList<string>> RollupNamesAsync(BinlogContext context, string table, CancellationToken cancellationToken)
    {
        var result = await context.Target.QueryAsync($"DESC {context.QualifiedTarget(table)} ALL", cancellationToken);
        return [.. result.Column("IndexName").OfType<string>().Where(n => n.Length > 0).Distinct(StringComparer.Ordinal)];
    }

    /// <summary>The secondary index names of a target table (SHOW INDEX's Key_name).</summary>
    public static async Task<IReadOnlyList<string>> IndexNamesAsync(BinlogContext context, string table, CancellationToken cancellationToken)
    {
        var result = await context.Target.QueryAsync($"SHOW INDEX FROM {context.QualifiedTarget(table)}", cancellationToken);
        return [.. result.Column("Key_name").OfType<string>().Distinct(StringComparer.Ordinal)];
    }

    /// <summary>The target's SHOW CREATE TABLE text.</summary>
    public static async Task<string> CreateTableAsync(BinlogContext context, string table, CancellationToken cancellationToken)
    {
        var result = await context.Target.QueryAsync($"SHOW CREATE TABLE {context.QualifiedTarget(table)}", cancellationToken);
        return result.Column("Create Table").FirstOrDefault() ?? "";
    }
}
