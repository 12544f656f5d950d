namespace MiniDoris.Fe.Sql.Ast;

/// <summary>CREATE DATABASE [IF NOT EXISTS] d [PROPERTIES (...)].</summary>
public sealed record CreateDatabaseStmt(string Name, bool IfNotExists, List<KeyValuePair<string, string>> Properties) : SqlStatement;

/// <summary>DROP DATABASE [IF EXISTS] d [FORCE].</summary>
public sealed record DropDatabaseStmt(string Name, bool IfExists, bool Force) : SqlStatement;

/// <summary>ALTER DATABASE d SET PROPERTIES (...).</summary>
public sealed record AlterDatabasePropertiesStmt(string Name, List<KeyValuePair<string, string>> Properties) : SqlStatement;

/// <summary>USE d.</summary>
public sealed record UseStmt(string Db) : SqlStatement;
