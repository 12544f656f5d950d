using Syncer.Doris.Sql;

namespace Syncer.Engine.FullSync;

/// <summary>The BACKUP/RESTORE statements of a full or partial sync (wire contract §7.2, §7.3), with names quoted.</summary>
public static class SnapshotSql
{
    /// <summary>One row of SHOW BACKUP / SHOW RESTORE: its name, state and status text.</summary>
    public sealed record JobRow(string Name, string State, string Status);

    /// <summary><c>BACKUP SNAPSHOT `db`.`snap` TO `__keep_on_local__` ON (`t` [PARTITION (`p1`,…)]) PROPERTIES ("type" = "full")</c>.</summary>
    public static string Backup(string database, string snapshot, string table, IReadOnlyList<string> partitions)
    {
        var on = DorisSql.Identifier(table);
        if (partitions.Count > 0) on += $" PARTITION ({string.Join(", ", partitions.Select(DorisSql.Identifier))})";
        return $"BACKUP SNAPSHOT {DorisSql.Identifier(database)}.{DorisSql.Identifier(snapshot)} TO `__keep_on_local__` ON ( {on} ) PROPERTIES (\"type\" = \"full\")";
    }

    /// <summary><c>BACKUP SNAPSHOT `db`.`snap` TO `__keep_on_local__` ON (`t1`, `t2`, …) PROPERTIES ("type" = "full")</c>: several whole tables or views.</summary>
    public static string BackupTables(string database, string snapshot, IReadOnlyList<string> tables)
    {
        ArgumentNullException.ThrowIfNull(tables);
        if (tables.Count == 0) throw new ArgumentException("a backup needs at least one table", nameof(tables));
        return $"BACKUP SNAPSHOT {DorisSql.Identifier(database)}.{DorisSql.Identifier(snapshot)} TO `__keep_on_local__` ON ( {string.Join(", ", tables.Select(DorisSql.Identifier))} ) PROPERTIES (\"type\" = \"full\")";
    }

    /// <summary>The backup named <paramref name="snapshot"/>, or null.</summary>
    public static async Task<JobRow?> ShowBackupAsync(IDorisSqlSession sql, string database, string snapshot, CancellationToken cancellationToken)
    {
        var result = await sql.QueryAsync(
            $"SHOW BACKUP FROM {DorisSql.Identifier(database)} WHERE SnapshotName = {DorisSql.String(snapshot)}", cancellationToken).ConfigureAwait(false);
        return Rows(result, "SnapshotName").LastOrDefault();
    }

    /// <summary>The restore labelled <paramref name="label"/>, or null.</summary>
    public static async Task<JobRow?> ShowRestoreAsync(IDorisSqlSession sql, string database, string label, CancellationToken cancellationToken)
    {
        var result = await sql.QueryAsync(
            $"SHOW RESTORE FROM {DorisSql.Identifier(database)} WHERE Label = {DorisSql.String(label)}", cancellationToken).ConfigureAwait(false);
        return Rows(result, "Label").LastOrDefault();
    }

    /// <summary>Every restore of the target database.</summary>
    public static async Task<IReadOnlyList<JobRow>> ListRestoresAsync(IDorisSqlSession sql, string database, CancellationToken cancellationToken) =>
        Rows(await sql.QueryAsync($"SHOW RESTORE FROM {DorisSql.Identifier(database)}", cancellationToken).ConfigureAwait(false), "Label");

    /// <summary><c>CANCEL RESTORE FROM `db`</c>.</summary>
    public static Task CancelRestoreAsync(IDorisSqlSession sql, string database, CancellationToken cancellationToken) =>
        sql.ExecuteAsync($"CANCEL RESTORE FROM {DorisSql.Identifier(database)}", cancellationToken);

    /// <summary>Whether a SHOW BACKUP/RESTORE state is final.</summary>
    public static bool IsFinal(string state) => state is "FINISHED" or "CANCELLED";

    private static List<JobRow> Rows(DorisSqlResult result, string nameColumn)
    {
        int name = result.IndexOf(nameColumn), state = result.IndexOf("State"), status = result.IndexOf("Status");
        if (name < 0 || state < 0) throw new DorisAnswerException($"SHOW BACKUP/RESTORE answered without {nameColumn} or State columns");
        return result.Rows.Select(r => new JobRow(r[name] ?? "", r[state] ?? "", status >= 0 ? r[status] ?? "" : "")).ToList();
    }
}
