namespace MiniDoris.MySql;

/// <summary>What a <see cref="IMySqlCommandHandler"/> answers: OK, an error, a result set, or several of them in sequence.</summary>
public abstract record MySqlReply
{
    private protected MySqlReply()
    {
    }

    /// <summary>An OK with no counts, the answer to SET, USE, DDL and the like.</summary>
    public static MySqlOkReply Ok() => new();

    public static MySqlOkReply Ok(ulong affectedRows, ulong lastInsertId = 0, int warnings = 0, string? info = null) =>
        new() { AffectedRows = affectedRows, LastInsertId = lastInsertId, Warnings = warnings, Info = info };

    public static MySqlErrorReply Error(int errorCode, string sqlState, string message) => new(errorCode, sqlState, message);

    /// <summary>A result set; <paramref name="rows"/> is enumerated once while the reply is written.</summary>
    public static MySqlResultSetReply ResultSet(IReadOnlyList<MySqlColumn> columns, IEnumerable<IReadOnlyList<string?>> rows) =>
        new(columns, rows);

    /// <summary>Several results in order, as for a multi-statement query; an error ends the sequence.</summary>
    public static MySqlMultiReply Multiple(params MySqlReply[] replies) => new(replies);
}
