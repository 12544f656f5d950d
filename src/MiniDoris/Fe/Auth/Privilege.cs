namespace MiniDoris.Fe.Auth;

/// <summary>Doris privilege names.</summary>
public static class Privilege
{
    public const string Node = "NODE_PRIV";
    public const string Admin = "ADMIN_PRIV";
    public const string Grant = "GRANT_PRIV";
    public const string Select = "SELECT_PRIV";
    public const string Load = "LOAD_PRIV";
    public const string Alter = "ALTER_PRIV";
    public const string Create = "CREATE_PRIV";
    public const string Drop = "DROP_PRIV";
    public const string Usage = "USAGE_PRIV";
    public const string ShowView = "SHOW_VIEW_PRIV";

    public static readonly string[] All = [Select, Load, Alter, Create, Drop, ShowView];

    /// <summary>Normalises a GRANT keyword (SELECT, SELECT_PRIV, ALL) into Doris privilege names.</summary>
    public static IEnumerable<string> Normalize(string word)
    {
        var w = word.ToUpperInvariant();
        if (w is "ALL" or "ALL_PRIV")
        {
            return All;
        }

        return [w.EndsWith("_PRIV", StringComparison.Ordinal) ? w : w + "_PRIV"];
    }
}
