namespace MiniDoris.Fe.Sql.Ast;

/// <summary>A table of BACKUP/RESTORE's ON (...) or EXCLUDE (...) list: name, PARTITION (...) names, AS alias.</summary>
public sealed record BackupTableRefSyntax(string Table, List<string>? Partitions, bool TempPartitions, string? Alias);

/// <summary>BACKUP SNAPSHOT [db.]label TO repo [ON|EXCLUDE (refs)] [PROPERTIES (...)].</summary>
public sealed record BackupStmt(
    string? Db, string Label, string Repo, List<BackupTableRefSyntax>? Refs, bool Exclude, List<KeyValuePair<string, string>> Properties) : SqlStatement;

/// <summary>RESTORE SNAPSHOT [db.]label FROM repo [ON|EXCLUDE (refs)] [PROPERTIES (...)].</summary>
public sealed record RestoreStmt(string? Db, string Label, string Repo) : SqlStatement;

/// <summary>SHOW BACKUP / SHOW RESTORE [FROM db] [WHERE SnapshotName|Label (= | LIKE) "x"].</summary>
public sealed record ShowBackupStmt(bool Restore, string? Db, string? NameEquals, string? Like) : SqlStatement;

/// <summary>CANCEL BACKUP|RESTORE FROM db.</summary>
public sealed record CancelBackupStmt(bool Restore, string? Db) : SqlStatement;
