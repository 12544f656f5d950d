namespace MiniDoris.MySql;

/// <summary>An OK packet: the statement succeeded.</summary>
public sealed record MySqlOkReply : MySqlReply
{
    public ulong AffectedRows { get; init; }

    public ulong LastInsertId { get; init; }

    public int Warnings { get; init; }

    /// <summary>Optional human-readable message (e.g. "Rows matched: 1  Changed: 1  Warnings: 0").</summary>
    public string? Info { get; init; }
}
