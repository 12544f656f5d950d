namespace MiniDoris.Fe.Sql.Ast;

/// <summary>DROP TABLE|VIEW [IF EXISTS] t [FORCE].</summary>
public sealed record DropTableStmt(TableName Name, bool IfExists, bool Force, bool IsView) : SqlStatement;

/// <summary>CREATE [OR REPLACE] VIEW [IF NOT EXISTS] v [(cols)] [COMMENT 'c'] AS query.</summary>
public sealed record CreateViewStmt(
    TableName Name, bool IfNotExists, bool OrReplace, List<string>? ColumnNames, string? Comment, SqlFragment Query) : SqlStatement;

/// <summary>TRUNCATE TABLE t [PARTITION(S) (p1, p2)].</summary>
public sealed record TruncateTableStmt(TableName Name, List<string> Partitions) : SqlStatement;

/// <summary>ALTER VIEW v [(cols)] AS query.</summary>
public sealed record AlterViewStmt(TableName Name, List<string>? ColumnNames, SqlFragment Query) : SqlStatement;

/// <summary>BUILD INDEX name ON t [PARTITION (p, ...)].</summary>
public sealed record BuildIndexStmt(TableName Table, string IndexName, List<string> Partitions) : SqlStatement;

/// <summary>RECOVER DATABASE d [AS n] | RECOVER TABLE [db.]t [AS n] | RECOVER PARTITION p [AS n] FROM [db.]t.</summary>
public sealed record RecoverStmt(string Kind, TableName Name, string? Partition, string? NewName) : SqlStatement;
