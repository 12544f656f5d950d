namespace Syncer.Wire.MySql;

/// <summary>
/// Everything one query returned: its result sets (none for INSERT/UPDATE/DDL, several for multi-statements and
/// procedures) and the totals of the OK packets.
/// </summary>
public sealed class MySqlResult
{
    internal MySqlResult(
        IReadOnlyList<MySqlResultSet> resultSets, ulong affectedRows, ulong lastInsertId, int warnings, string? info, MySqlServerStatus status)
    {
        Status = status;
        ResultSets = resultSets;
        AffectedRows = affectedRows;
        LastInsertId = lastInsertId;
        Warnings = warnings;
        Info = info;
    }

    public IReadOnlyList<MySqlResultSet> ResultSets { get; }

    /// <summary>The first result set, or null when the statement returned none.</summary>
    public MySqlResultSet? FirstResultSet => ResultSets.Count > 0 ? ResultSets[0] : null;

    /// <summary>Sum of the affected-row counts of all statements.</summary>
    public ulong AffectedRows { get; }

    /// <summary>The last non-zero AUTO_INCREMENT id the statements generated.</summary>
    public ulong LastInsertId { get; }

    /// <summary>Warning count the server reported with the last statement.</summary>
    public int Warnings { get; }

    /// <summary>
    /// Session status after the statement, e.g. <see cref="MySqlServerStatus.InTransaction"/>, or
    /// <see cref="MySqlServerStatus.NoBackslashEscapes"/> (then <see cref="MySqlQuote.String"/> literals are not safe).
    /// </summary>
    public MySqlServerStatus Status { get; }

    /// <summary>The server's info message of the last OK packet (e.g. "Rows matched: 1  Changed: 1  Warnings: 0"), if any.</summary>
    public string? Info { get; }
}
