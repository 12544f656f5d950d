namespace MiniDoris.MySql;

/// <summary>A text result set: column definitions and rows of nullable strings (null is sent as SQL NULL).</summary>
public sealed record MySqlResultSetReply(IReadOnlyList<MySqlColumn> Columns, IEnumerable<IReadOnlyList<string?>> Rows) : MySqlReply
{
    public int Warnings { get; init; }
}
