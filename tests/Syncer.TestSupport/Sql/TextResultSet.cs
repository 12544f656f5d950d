using Syncer.Doris.Sql;

namespace Syncer.TestSupport.Sql;

/// <summary>A result set of text values whose rows can be read by column name (first match, case-insensitive).</summary>
public sealed class TextResultSet
{
    private readonly DorisSqlResult _result;

    /// <summary>Wraps <paramref name="result"/>.</summary>
    public TextResultSet(DorisSqlResult result)
    {
        _result = result;
        Rows = result.Rows.Select(r => new TextRow(this, r)).ToList();
    }

    /// <summary>The column names, in order.</summary>
    public IReadOnlyList<string> Columns => _result.Columns;

    /// <summary>The rows, in order.</summary>
    public IReadOnlyList<TextRow> Rows { get; }

    /// <summary>The index of <paramref name="name"/>.</summary>
    /// <exception cref="KeyNotFoundException">No such column.</exception>
    public int GetOrdinal(string name)
    {
        var index = _result.IndexOf(name);
        return index >= 0 ? index : throw new KeyNotFoundException($"no column {name} in [{string.Join(", ", Columns)}]");
    }
}
