using MiniDoris.Fe.Catalog;

namespace MiniDoris.Fe.Qe;

/// <summary>Raw query output from SQLite: column names, Doris types where known, and SQLite values.</summary>
public sealed record QueryOutput(IReadOnlyList<string> Names, IReadOnlyList<ColumnType?> Types, IReadOnlyList<object?[]> Rows);
