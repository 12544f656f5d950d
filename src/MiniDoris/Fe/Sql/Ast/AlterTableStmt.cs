namespace MiniDoris.Fe.Sql.Ast;

/// <summary>ALTER TABLE t clause[, clause...].</summary>
public sealed record AlterTableStmt(TableName Name, List<AlterClause> Clauses) : SqlStatement;
