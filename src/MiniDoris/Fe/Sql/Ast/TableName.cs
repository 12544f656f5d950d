namespace MiniDoris.Fe.Sql.Ast;

/// <summary>A possibly database-qualified table name.</summary>
public sealed record TableName(string? Db, string Name);
