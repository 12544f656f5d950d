using MiniDoris.Fe.Catalog;

namespace MiniDoris.Fe.Sql.Ast;

/// <summary>DUPLICATE|UNIQUE|AGGREGATE KEY(columns).</summary>
public sealed record KeysDesc(KeysType Type, List<string> Columns);
