using MiniDoris.Fe.Alter;
using MiniDoris.Fe.Ddl;
using MiniDoris.Fe.Load;
using MiniDoris.Fe.Sql.Ast;

namespace MiniDoris.Fe.Qe;

/// <summary>Dispatches a parsed statement to its executor.</summary>
internal static class StatementExecutor
{
    public static QueryResult Execute(StatementContext ctx, SqlStatement statement) => statement switch
    {
        SelectStmt s => ctx.Query.Select(ctx.Session, s.Query),
        UseStmt s => Use(ctx, s),
        SetStmt s => Set(ctx, s),
        CreateDatabaseStmt s => DatabaseDdl.Create(ctx, s),
        DropDatabaseStmt s => DatabaseDdl.Drop(ctx, s),
        AlterDatabasePropertiesStmt s => DatabaseDdl.AlterProperties(ctx, s),
        CreateTableStmt s => CreateTableExecutor.Execute(ctx, s),
        DropTableStmt s => TableDdl.Drop(ctx, s),
        CreateViewStmt s => TableDdl.CreateView(ctx, s),
        AlterViewStmt s => TableDdl.AlterView(ctx, s),
        BuildIndexStmt s => IndexChange.BuildIndex(ctx, s),
        RecoverStmt s => Recover.Execute(ctx, s),
        TruncateTableStmt s => TableDdl.Truncate(ctx, s),
        AlterTableStmt s => AlterTableExecutor.Execute(ctx, s),
        InsertStmt s => LoadExecutor.Insert(ctx, s),
        DeleteStmt s => LoadExecutor.Delete(ctx, s),
        ShowDatabasesStmt s => ShowExecutor.Databases(ctx, s),
        ShowTablesStmt s => ShowExecutor.Tables(ctx, s),
        ShowCreateTableStmt s => ShowExecutor.CreateTable(ctx, s),
        ShowCreateDatabaseStmt s => ShowExecutor.CreateDatabase(ctx, s),
        ShowPartitionsStmt s => ShowExecutor.Partitions(ctx, s),
        ShowColumnsStmt s => ShowExecutor.Columns(ctx, s),
        ShowProcStmt s => ProcExecutor.Execute(ctx, s.Path),
        ShowTableIdStmt s => ShowExecutor.TableById(ctx, s),
        ShowBackendsStmt => ShowExecutor.Backends(ctx),
        ShowFrontendsStmt => ShowExecutor.Frontends(ctx),
        ShowGrantsStmt s => GrantsExecutor.Show(ctx, s),
        ShowFrontendConfigStmt s => ShowExecutor.FrontendConfig(ctx, s),
        ShowTransactionStmt s => ShowExecutor.Transaction(ctx, s),
        ShowIndexesStmt s => ShowExecutor.Indexes(ctx, s),
        ShowVariablesStmt s => ShowExecutor.Variables(ctx, s),
        ShowAlterTableStmt s => ShowExecutor.AlterJobs(ctx, s),
        ShowWarningsStmt => QueryResult.Text(["Level", "Code", "Message"], []),
        AdminSetFrontendConfigStmt s => AdminExecutor.SetFrontendConfig(ctx, s),
        CreateUserStmt s => AdminExecutor.CreateUser(ctx, s),
        DropUserStmt s => AdminExecutor.DropUser(ctx, s),
        GrantStmt s => AdminExecutor.Grant(ctx, s),
        BackupStmt s => Backup.BackupHandler.Submit(ctx, s),
        RestoreStmt s => RestoreSql(s),
        ShowBackupStmt s => Backup.BackupHandler.Show(ctx, s),
        CancelBackupStmt s => Backup.BackupHandler.Cancel(ctx, s),
        _ => throw DorisErrors.Generic($"Unsupported statement: {statement.Text}"),
    };

    /// <summary>RESTORE over SQL: only restoreSnapshot may restore from the local repository.</summary>
    private static QueryResult RestoreSql(RestoreStmt stmt) =>
        throw (stmt.Repo == Backup.BackupHandler.LocalRepo
            ? DorisErrors.Generic("restore from the local repo via SQL call is not supported")
            : DorisErrors.Generic($"Repository {stmt.Repo} does not exist"));

    private static QueryResult Use(StatementContext ctx, UseStmt stmt)
    {
        var db = ctx.State.GetDb(stmt.Db);
        if (!ctx.State.Auth.HasAnyPrivilegeOnDb(ctx.Session.User, db.Name))
        {
            throw DorisErrors.DbAccessDenied(ctx.Session.User, db.Name);
        }

        ctx.Session.CurrentDb = db.Name;
        return QueryResult.Ok();
    }

    private static QueryResult Set(StatementContext ctx, SetStmt stmt)
    {
        foreach (var (name, value) in stmt.Assignments)
        {
            ctx.Session.Variables[name] = value.Trim('\'', '"');
        }

        return QueryResult.Ok();
    }
}
