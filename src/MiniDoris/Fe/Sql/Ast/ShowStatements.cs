namespace MiniDoris.Fe.Sql.Ast;

/// <summary>SHOW DATABASES [LIKE 'p'].</summary>
public sealed record ShowDatabasesStmt(string? Like) : SqlStatement;

/// <summary>SHOW [FULL] TABLES [FROM d] [LIKE 'p'].</summary>
public sealed record ShowTablesStmt(string? Db, string? Like, bool Full) : SqlStatement;

/// <summary>SHOW CREATE TABLE|VIEW t.</summary>
public sealed record ShowCreateTableStmt(TableName Name, bool IsView) : SqlStatement;

/// <summary>SHOW CREATE DATABASE d.</summary>
public sealed record ShowCreateDatabaseStmt(string Name) : SqlStatement;

/// <summary>SHOW [TEMPORARY] PARTITIONS FROM t.</summary>
public sealed record ShowPartitionsStmt(TableName Table, bool Temp) : SqlStatement;

/// <summary>DESC t [ALL] / SHOW [FULL] COLUMNS FROM t [FROM d].</summary>
public sealed record ShowColumnsStmt(TableName Table, bool Full, bool IsDescribe, bool All) : SqlStatement;

/// <summary>SHOW PROC 'path'.</summary>
public sealed record ShowProcStmt(string Path) : SqlStatement;

/// <summary>SHOW TABLE id.</summary>
public sealed record ShowTableIdStmt(long TableId) : SqlStatement;

/// <summary>SHOW BACKENDS.</summary>
public sealed record ShowBackendsStmt : SqlStatement;

/// <summary>SHOW FRONTENDS.</summary>
public sealed record ShowFrontendsStmt : SqlStatement;

/// <summary>[ADMIN] SHOW FRONTEND CONFIG [LIKE 'p'].</summary>
public sealed record ShowFrontendConfigStmt(string? Like, bool IsAdmin) : SqlStatement;

/// <summary>SHOW TRANSACTION [FROM d] WHERE id = n | label = 'l'.</summary>
public sealed record ShowTransactionStmt(string? Db, long? Id, string? Label) : SqlStatement;

/// <summary>SHOW INDEX|INDEXES|KEYS FROM t [FROM d].</summary>
public sealed record ShowIndexesStmt(TableName Table) : SqlStatement;

/// <summary>SHOW [GLOBAL|SESSION] VARIABLES [LIKE 'p'].</summary>
public sealed record ShowVariablesStmt(string? Like) : SqlStatement;

/// <summary>SHOW ALTER TABLE COLUMN [FROM d].</summary>
public sealed record ShowAlterTableStmt(string? Db) : SqlStatement;

/// <summary>SHOW WARNINGS / SHOW ERRORS (always empty: statements either succeed or fail).</summary>
public sealed record ShowWarningsStmt : SqlStatement;

/// <summary>SHOW GRANTS (the current user), SHOW ALL GRANTS, SHOW GRANTS FOR user.</summary>
public sealed record ShowGrantsStmt(bool All, string? User) : SqlStatement;
