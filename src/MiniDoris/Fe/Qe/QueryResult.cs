namespace MiniDoris.Fe.Qe;

/// <summary>
/// The outcome of one statement: a result set (columns and text rows, as the MySQL text protocol carries them)
/// or an OK with the affected row count and an info message. Failures are thrown as <see cref="DorisException"/>.
/// </summary>
public sealed class QueryResult
{
    private QueryResult(IReadOnlyList<ResultColumn>? columns, IReadOnlyList<string?[]> rows, long affectedRows, string? info)
    {
        Columns = columns;
        Rows = rows;
        AffectedRows = affectedRows;
        Info = info;
    }

    /// <summary>Null for an OK result.</summary>
    public IReadOnlyList<ResultColumn>? Columns { get; }

    public IReadOnlyList<string?[]> Rows { get; }

    public long AffectedRows { get; }

    /// <summary>The OK packet's info text (Doris puts the label/status/txnId of a load here).</summary>
    public string? Info { get; }

    public bool IsResultSet => Columns is not null;

    public static QueryResult Ok(long affectedRows = 0, string? info = null) => new(null, [], affectedRows, info);

    public static QueryResult ResultSet(IReadOnlyList<ResultColumn> columns, IReadOnlyList<string?[]> rows) => new(columns, rows, 0, null);

    /// <summary>A result set whose columns are all text.</summary>
    public static QueryResult Text(IReadOnlyList<string> columns, IReadOnlyList<string?[]> rows) =>
        new(columns.Select(c => new ResultColumn(c)).ToList(), rows, 0, null);

    /// <summary>Index of the column called <paramref name="name"/> (case-insensitive), or -1.</summary>
    public int ColumnIndex(string name)
    {
        if (Columns is null)
        {
            return -1;
        }

        for (var i = 0; i < Columns.Count; i++)
        {
            if (string.Equals(Columns[i].Name, name, StringComparison.OrdinalIgnoreCase))
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>The value of column <paramref name="name"/> in row <paramref name="row"/>.</summary>
    public string? Value(int row, string name)
    {
        var i = ColumnIndex(name);
        return i < 0 ? throw new KeyNotFoundException($"no column {name}") : Rows[row][i];
    }
}
