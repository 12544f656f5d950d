namespace MiniDoris.Fe.Sql.Ast;

/// <summary>ADMIN SET [ALL] FRONTEND[S] CONFIG ("k" = "v").</summary>
public sealed record AdminSetFrontendConfigStmt(List<KeyValuePair<string, string>> Configs) : SqlStatement;

/// <summary>CREATE USER [IF NOT EXISTS] 'u'@'h' [IDENTIFIED BY 'p'].</summary>
public sealed record CreateUserStmt(string User, string Host, string? Password, bool IfNotExists) : SqlStatement;

/// <summary>DROP USER [IF EXISTS] 'u'@'h'.</summary>
public sealed record DropUserStmt(string User, bool IfExists) : SqlStatement;

/// <summary>GRANT privs ON db.tbl TO 'u'@'h'; <see cref="Db"/>/<see cref="Table"/> are "*" for wildcards.</summary>
public sealed record GrantStmt(List<string> Privileges, string Db, string Table, string User) : SqlStatement;
