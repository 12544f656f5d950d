namespace MiniDoris.Fe.Auth;

/// <summary>Privileges granted on <c>db.table</c>; "*" is a wildcard, privilege names as Doris spells them (SELECT_PRIV, ...).</summary>
public sealed class PrivilegeGrant
{
    public string Db { get; set; } = "*";

    public string Table { get; set; } = "*";

    public List<string> Privileges { get; set; } = [];
}
