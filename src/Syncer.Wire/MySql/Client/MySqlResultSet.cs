namespace Syncer.Wire.MySql;

/// <summary>A fully read text-protocol result set: its columns and rows.</summary>
public sealed class MySqlResultSet
{
    private readonly List<MySqlRow> _rows = [];
    private readonly Dictionary<string, int> _ordinals = new(StringComparer.OrdinalIgnoreCase);

    internal MySqlResultSet(IReadOnlyList<MySqlColumn> columns)
    {
        Columns = columns;

        // The first column wins when names repeat, as in ADO.NET's GetOrdinal.
        for (var i = 0; i < columns.Count; i++)
        {
            _ordinals.TryAdd(columns[i].Name, i);
        }
    }

    public IReadOnlyList<MySqlColumn> Columns { get; }

    public IReadOnlyList<MySqlRow> Rows => _rows;

    /// <summary>Warning count reported at the end of this result set.</summary>
    public int Warnings { get; internal set; }

    /// <summary>The index of the column with this name, case-insensitively.</summary>
    /// <exception cref="ArgumentException">No such column.</exception>
    public int GetOrdinal(string name) =>
        _ordinals.TryGetValue(name, out var ordinal)
            ? ordinal
            : throw new ArgumentException(
                $"No column named '{name}'; the result has: {string.Join(", ", Columns.Select(c => c.Name))}.", nameof(name));

    public bool TryGetOrdinal(string name, out int ordinal) => _ordinals.TryGetValue(name, out ordinal);

    internal void AddRow(MySqlRow row) => _rows.Add(row);
}
