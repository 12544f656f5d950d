using System.Globalization;
using Microsoft.Extensions.Logging;
using Syncer.Doris.Sql;
using Syncer.Jobs;

namespace Syncer.Engine.Policy;

/// <summary>
/// The end of a one-shot migration (<c>"mode": "once"</c>): when it is reached, and the summary written with the
/// <c>done</c> state. The goal is the source's last commit seq recorded at creation (<see cref="JobInfo.OnceGoalCommitSeq"/>);
/// a job in incremental sync has reached it when it applied a binlog at or past the goal, or when the source had no
/// binlog left for it (getBinlog answered "caught up": everything committed before creation, which was earlier, is on the
/// target). The second condition also ends a job whose goal could not be read (a Doris 2.0 FE) or whose table was idle.
/// </summary>
public static class OnceMigration
{
    /// <summary>Whether the step that ran at <paramref name="before"/> and came to <paramref name="result"/> completed the migration.</summary>
    public static bool Reached(JobInfo info, JobProgress before, StepResult result)
    {
        ArgumentNullException.ThrowIfNull(info);
        ArgumentNullException.ThrowIfNull(before);
        if (info.Mode != JobMode.Once || !IsIncremental(before.SyncState)) return false;
        return result switch
        {
            StepResult.CaughtUp => true,
            StepResult.Advance advance => info.OnceGoalCommitSeq > 0 && IsIncremental(advance.Next.SyncState)
                && advance.Next.SubSyncState == SubSyncState.Done && advance.Next.PrevCommitSeq == advance.Next.CommitSeq
                && advance.Next.PrevCommitSeq >= info.OnceGoalCommitSeq,
            _ => false,
        };
    }

    /// <summary>Incremental phases of table and database jobs (full and partial syncs are never an end).</summary>
    public static bool IsIncremental(SyncState state) =>
        state is SyncState.TableIncrementalSync or SyncState.DBIncrementalSync or SyncState.DBTablesIncrementalSync;

    /// <summary>
    /// Counts the rows of every migrated table on both clusters (<c>SELECT COUNT(*)</c>). A count that fails is recorded
    /// as -1 with its error rather than failing the job: the data is copied, the summary only reports.
    /// </summary>
    public static async Task<MigrationSummary> SummarizeAsync(JobSession s, JobProgress progress, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(s);
        ArgumentNullException.ThrowIfNull(progress);
        var info = s.Info;
        var now = s.Time.GetUtcNow();
        var tables = new List<MigratedTable>();
        foreach (var (source, target) in await TablesAsync(s, ct).ConfigureAwait(false))
        {
            var (sourceRows, sourceError) = await CountAsync(s.Clients.SourceSql, info.Src.Database, source, ct).ConfigureAwait(false);
            var (targetRows, targetError) = await CountAsync(s.Clients.TargetSql, info.Dest.Database, target, ct).ConfigureAwait(false);
            var error = sourceError is null && targetError is null ? null
                : string.Join("; ", new[] { sourceError is null ? null : $"source: {sourceError}", targetError is null ? null : $"target: {targetError}" }.OfType<string>());
            tables.Add(new MigratedTable { SourceTable = source, TargetTable = target, SourceRows = sourceRows, TargetRows = targetRows, Error = error });
        }
        var started = progress.CreatedAt > 0 ? progress.CreatedAt : now.ToUnixTimeSeconds();
        return new MigrationSummary
        {
            StartedAt = started,
            FinishedAt = now.ToUnixTimeSeconds(),
            DurationSeconds = Math.Round(Math.Max(0, (now - DateTimeOffset.FromUnixTimeSeconds(started)).TotalSeconds), 3),
            GoalCommitSeq = info.OnceGoalCommitSeq,
            FinalCommitSeq = progress.PrevCommitSeq,
            Tables = tables,
            RowsMatch = tables.All(t => t.Error is null && t.SourceRows == t.TargetRows),
        };
    }

    // A table job copies its one table; a database job every base table of the source database its filter lets through,
    // under the same name on the target.
    private static async Task<IReadOnlyList<(string Source, string Target)>> TablesAsync(JobSession s, CancellationToken ct)
    {
        var info = s.Info;
        if (info.SyncType == SyncType.TableSync) return [(info.Src.Table, info.Dest.Table)];
        var names = await new DorisSqlGateway(s.Clients.SourceSql).ListTablesAsync(info.Src.Database, ct).ConfigureAwait(false);
        return [.. names.Where(n => Database.JobTableScope.Includes(info, n)).Order(StringComparer.Ordinal).Select(n => (n, n))];
    }

    private static async Task<(long Rows, string? Error)> CountAsync(IDorisSqlSession sql, string database, string table, CancellationToken ct)
    {
        try
        {
            var result = await sql.QueryAsync($"SELECT COUNT(*) AS `rows` FROM {DorisSql.Identifier(database)}.{DorisSql.Identifier(table)}", ct)
                .ConfigureAwait(false);
            var text = result.Rows.FirstOrDefault()?.FirstOrDefault();
            return long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var rows)
                ? (rows, null)
                : (-1, $"COUNT(*) answered {text ?? "no row"}");
        }
        catch (DorisSqlException e)
        {
            return (-1, e.Message);
        }
    }

    /// <summary>One log line for the end of the migration.</summary>
    public static void Log(ILogger logger, MigrationSummary summary)
    {
        ArgumentNullException.ThrowIfNull(logger);
        ArgumentNullException.ThrowIfNull(summary);
        logger.LogInformation("one-shot migration done in {Seconds} s at commit seq {CommitSeq} (goal {Goal}): {Tables}; rows {Match}",
            summary.DurationSeconds, summary.FinalCommitSeq, summary.GoalCommitSeq,
            string.Join(", ", summary.Tables.Select(t => $"{t.SourceTable} {t.SourceRows} -> {t.TargetTable} {t.TargetRows}")),
            summary.RowsMatch ? "match" : "DIFFER");
    }
}
