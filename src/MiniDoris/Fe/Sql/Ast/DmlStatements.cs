namespace MiniDoris.Fe.Sql.Ast;

/// <summary>INSERT INTO|OVERWRITE TABLE t [PARTITION (...)] [WITH LABEL l] [(cols)] VALUES ...|query.</summary>
public sealed record InsertStmt(
    TableName Table,
    bool Overwrite,
    List<string>? Partitions,
    string? Label,
    List<string>? Columns,
    List<List<InsertValue>>? Rows,
    SqlFragment? Query) : SqlStatement;

/// <summary>DELETE FROM t [PARTITION p|PARTITIONS (...)] WHERE predicate.</summary>
public sealed record DeleteStmt(TableName Table, List<string>? Partitions, SqlFragment Where) : SqlStatement;

/// <summary>A query handed to SQLite after translation.</summary>
public sealed record SelectStmt(SqlFragment Query) : SqlStatement;

/// <summary>SET ... (session variables, SET NAMES, SET PASSWORD); accepted and remembered.</summary>
public sealed record SetStmt(List<KeyValuePair<string, string>> Assignments) : SqlStatement;
