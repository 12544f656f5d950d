namespace Syncer.Configuration;

/// <summary>Which job store backs the syncer (<c>-db_type</c>).</summary>
public enum StoreKind
{
    /// <summary><c>sqlite3</c>: a local file, single instance.</summary>
    Sqlite,
    /// <summary><c>mysql</c>: database <c>ccr</c> on a MySQL-protocol server, shared by several instances.</summary>
    MySql,
}
