using MiniDoris.Fe.Auth;
using MiniDoris.Fe.Sql.Ast;

namespace MiniDoris.Fe.Qe;

/// <summary>ADMIN SET FRONTEND CONFIG and user management.</summary>
internal static class AdminExecutor
{
    public static QueryResult SetFrontendConfig(StatementContext ctx, AdminSetFrontendConfigStmt stmt)
    {
        // Doris's AdminSetConfigStmt.analyze refuses anything but exactly one key before the ADMIN check, so a
        // statement naming several keys applies none of them.
        if (stmt.Configs.Count != 1)
        {
            throw DorisErrors.Generic("config parameter size is not equal to 1");
        }

        ctx.RequireAdmin();
        foreach (var (key, value) in stmt.Configs)
        {
            if (key.StartsWith(Faults.FaultNames.Prefix, StringComparison.Ordinal))
            {
                Faults.FaultAdmin.Apply(ctx, key, value);
                continue;
            }

            ctx.State.Config.Set(key, value);
            if (key == FrontendConfig.EnableFeatureBinlog)
            {
                ctx.State.Binlogs.FeatureEnabled = ctx.State.Config.GetBool(key);
            }
        }

        ctx.State.Dirty = true;
        return QueryResult.Ok();
    }

    public static QueryResult CreateUser(StatementContext ctx, CreateUserStmt stmt)
    {
        RequireGrant(ctx);
        ctx.State.Auth.CreateUser(stmt.User, stmt.Host, stmt.Password, stmt.IfNotExists);
        ctx.State.NextJournalId();
        return QueryResult.Ok();
    }

    public static QueryResult DropUser(StatementContext ctx, DropUserStmt stmt)
    {
        RequireGrant(ctx);
        ctx.State.Auth.DropUser(stmt.User, stmt.IfExists);
        ctx.State.NextJournalId();
        return QueryResult.Ok();
    }

    public static QueryResult Grant(StatementContext ctx, GrantStmt stmt)
    {
        RequireGrant(ctx);
        ctx.State.Auth.Grant(stmt.User, stmt.Privileges, stmt.Db, stmt.Table);
        ctx.State.NextJournalId();
        return QueryResult.Ok();
    }

    private static void RequireGrant(StatementContext ctx)
    {
        if (!ctx.State.Auth.HasPrivilege(ctx.Session.User, Privilege.Grant) && !ctx.State.Auth.HasPrivilege(ctx.Session.User, Privilege.Admin))
        {
            throw DorisErrors.PrivilegeDenied("GRANT");
        }
    }
}
