using MiniDoris.Fe.Auth;
using MiniDoris.Fe.Catalog;
using MiniDoris.Fe.Sql.Ast;

namespace MiniDoris.Fe.Qe;

/// <summary>Everything a statement executor needs: the cluster state, the session and the query engine.</summary>
internal sealed class StatementContext
{
    public StatementContext(ClusterState state, SessionContext session, ClusterOptions options, SqliteQueryEngine query, Faults.FaultRegistry faults)
    {
        State = state;
        Session = session;
        Options = options;
        Query = query;
        Faults = faults;
    }

    /// <summary>The cluster's armed faults (ADMIN SET FRONTEND CONFIG arms them).</summary>
    public Faults.FaultRegistry Faults { get; }

    public ClusterState State { get; }

    public SessionContext Session { get; }

    public ClusterOptions Options { get; }

    public SqliteQueryEngine Query { get; }

    public bool FeatureBinlogEnabled => State.Config.GetBool(FrontendConfig.EnableFeatureBinlog);

    /// <summary>The named database, or the session's current one.</summary>
    public Database ResolveDb(string? name)
    {
        var dbName = name ?? Session.CurrentDb ?? throw DorisErrors.NoDatabaseSelected();
        return State.GetDb(dbName);
    }

    /// <summary>Finds a table or view; throws Doris's ERR_BAD_TABLE_ERROR when it is missing.</summary>
    public (Database Db, Table Table) ResolveTable(TableName name)
    {
        var db = ResolveDb(name.Db);
        var table = db.FindTable(name.Name) ?? throw DorisErrors.UnknownTable(name.Name);
        return (db, table);
    }

    /// <summary>Finds an OLAP table; a view in its place is an error.</summary>
    public (Database Db, OlapTable Table) ResolveOlapTable(TableName name)
    {
        var (db, table) = ResolveTable(name);
        return table is OlapTable olap
            ? (db, olap)
            : throw DorisErrors.Generic($"Table[{name.Name}] is not a OLAP table");
    }

    public void RequirePrivilege(string privilege, Database? db = null, Table? table = null)
    {
        if (State.Auth.HasPrivilege(Session.User, privilege, db?.Name, table?.Name))
        {
            return;
        }

        var name = privilege.Replace("_PRIV", string.Empty, StringComparison.Ordinal);
        if (table is not null && db is not null)
        {
            throw DorisErrors.TableAccessDenied(name, Session.User, $"internal: {db.Name}.{table.Name}");
        }

        if (db is not null)
        {
            throw DorisErrors.DbAccessDenied(Session.User, db.Name);
        }

        throw DorisErrors.PrivilegeDenied(name);
    }

    public void RequireAdmin()
    {
        if (!State.Auth.HasPrivilege(Session.User, Privilege.Admin))
        {
            throw DorisErrors.PrivilegeDenied("ADMIN");
        }
    }

    /// <summary>SHOW BACKENDS / SHOW FRONTENDS: Doris lets ADMIN or NODE see the cluster's nodes.</summary>
    public void RequireAdminOrNode()
    {
        if (!State.Auth.HasPrivilege(Session.User, Privilege.Admin) && !State.Auth.HasPrivilege(Session.User, Privilege.Node))
        {
            throw DorisErrors.PrivilegeDenied("ADMIN/NODE");
        }
    }

    public long NowMs() => State.NowMs();
}
