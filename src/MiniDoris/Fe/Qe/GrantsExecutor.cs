using MiniDoris.Fe.Auth;
using MiniDoris.Fe.Sql.Ast;

namespace MiniDoris.Fe.Qe;

/// <summary>
/// SHOW [ALL] GRANTS [FOR user] with Doris 2.1's columns (Auth.getUserAuthInfo / AuthProcDir): one row per user,
/// privileges written as Doris's PrivBitSet prints them (names such as <c>Select_priv</c>, in privilege order, joined by
/// ","), NULL where a kind has none.
/// </summary>
internal static class GrantsExecutor
{
    private static readonly string[] Columns =
    [
        "UserIdentity", "Password", "Roles", "GlobalPrivs", "CatalogPrivs", "DatabasePrivs", "TablePrivs", "ColPrivs",
        "ResourcePrivs", "WorkloadGroupPrivs",
    ];

    // Doris's Privilege ordinals: NODE, ADMIN, GRANT, SELECT, LOAD, ALTER, CREATE, DROP, USAGE, SHOW_VIEW.
    private static readonly string[] Order =
    [
        Privilege.Node, Privilege.Admin, Privilege.Grant, Privilege.Select, Privilege.Load, Privilege.Alter, Privilege.Create,
        Privilege.Drop, Privilege.Usage, Privilege.ShowView,
    ];

    public static QueryResult Show(StatementContext ctx, ShowGrantsStmt stmt)
    {
        var auth = ctx.State.Auth;
        var self = ctx.Session.User;
        if ((stmt.All || (stmt.User is not null && stmt.User != self))
            && !auth.HasPrivilege(self, Privilege.Grant) && !auth.HasPrivilege(self, Privilege.Admin))
        {
            throw DorisErrors.PrivilegeDenied("GRANT");
        }

        IEnumerable<UserAccount> users = stmt.All
            ? auth.Users.OrderBy(u => u.Name, StringComparer.Ordinal)
            : [auth.Find(stmt.User ?? self) ?? throw DorisErrors.Generic($"User: '{stmt.User ?? self}'@'%' does not exist")];
        return QueryResult.Text(Columns, users.Select(Row).ToList());
    }

    private static string?[] Row(UserAccount user)
    {
        // root holds the operator role (NODE and ADMIN), admin the admin role; every user's default role reads
        // information_schema and mysql and may use the normal workload group.
        var global = new List<string>();
        var roles = string.Empty;
        if (user.Name == "root")
        {
            global.AddRange([Privilege.Node, Privilege.Admin]);
            roles = "operator";
        }
        else if (user.Name == "admin")
        {
            global.Add(Privilege.Admin);
            roles = "admin";
        }

        var dbs = new List<string> { "internal.information_schema: Select_priv", "internal.mysql: Select_priv" };
        var tables = new List<string>();
        foreach (var grant in user.Grants)
        {
            if (grant.Db == "*")
            {
                global.AddRange(grant.Privileges);
            }
            else if (grant.Table == "*")
            {
                dbs.Add($"internal.{grant.Db}: {Format(grant.Privileges)}");
            }
            else
            {
                tables.Add($"internal.{grant.Db}.{grant.Table}: {Format(grant.Privileges)}");
            }
        }

        return
        [
            $"'{user.Name}'@'{user.Host}'", user.PasswordDoubleSha1.Length > 0 ? "Yes" : "No", roles,
            global.Count == 0 ? "NULL" : Format(global), "NULL", string.Join("; ", dbs),
            tables.Count == 0 ? "NULL" : string.Join("; ", tables), "NULL", "NULL", "normal: Usage_priv",
        ];
    }

    /// <summary>PrivBitSet.toString: the set's privileges in ordinal order, each as Doris names it (Select_priv).</summary>
    private static string Format(IEnumerable<string> privileges)
    {
        var set = privileges.ToHashSet(StringComparer.Ordinal);
        return string.Join(",", Order.Where(set.Contains).Select(p => p[..1] + p[1..].ToLowerInvariant()));
    }
}
