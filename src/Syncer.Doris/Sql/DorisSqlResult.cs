namespace Syncer.Doris.Sql;

/// <summary>A text result set: column names and rows of nullable strings (what Doris' MySQL front returns).</summary>
public sealed record DorisSqlResult(IReadOnlyList<string> Columns, IReadOnlyList<IReadOnlyList<string?>> Rows)
{
    /// <summary>The index of <paramref name="column"/> (case-insensitive), or -1.</summary>
    public int IndexOf(string column)
    {
        for (var i = 0; i < Columns.Count; i++)
        {
            if (string.Equals(Columns[i], column, StringComparison.OrdinalIgnoreCase)) return i;
        }
        return -1;
    }

    /// <summary>The value of <paramref name="column"/> in every row.</summary>
    /// <exception cref="DorisAnswerException">The result has no such column.</exception>
    public IEnumerable<string?> Column(string column)
    {
        var index = IndexOf(column);
        if (index < 0) throw new DorisAnswerException($"no column {column} in [{string.Join(", ", Columns)}]");
        return Rows.Select(r => index < r.Count ? r[index] : null);
    }
}
