using Microsoft.Data.Sqlite;
using MiniDoris.Fe.Catalog;

namespace MiniDoris.Fe.Qe;

/// <summary>information_schema tables (tables, schemata, columns, views) built from the catalog for one query.</summary>
internal static class InformationSchemaTables
{
    private static readonly string[] TablesColumns =
    [
        "TABLE_CATALOG", "TABLE_SCHEMA", "TABLE_NAME", "TABLE_TYPE", "ENGINE", "VERSION", "ROW_FORMAT", "TABLE_ROWS",
        "AVG_ROW_LENGTH", "DATA_LENGTH", "MAX_DATA_LENGTH", "INDEX_LENGTH", "DATA_FREE", "AUTO_INCREMENT", "CREATE_TIME",
        "UPDATE_TIME", "CHECK_TIME", "TABLE_COLLATION", "CHECKSUM", "CREATE_OPTIONS", "TABLE_COMMENT",
    ];

    private static readonly string[] SchemataColumns =
        ["CATALOG_NAME", "SCHEMA_NAME", "DEFAULT_CHARACTER_SET_NAME", "DEFAULT_COLLATION_NAME", "SQL_PATH", "DEFAULT_ENCRYPTION"];

    private static readonly string[] ColumnsColumns =
    [
        "TABLE_CATALOG", "TABLE_SCHEMA", "TABLE_NAME", "COLUMN_NAME", "ORDINAL_POSITION", "COLUMN_DEFAULT", "IS_NULLABLE",
        "DATA_TYPE", "CHARACTER_MAXIMUM_LENGTH", "CHARACTER_OCTET_LENGTH", "NUMERIC_PRECISION", "NUMERIC_SCALE",
        "DATETIME_PRECISION", "CHARACTER_SET_NAME", "COLLATION_NAME", "COLUMN_TYPE", "COLUMN_KEY", "EXTRA", "PRIVILEGES",
        "COLUMN_COMMENT", "COLUMN_SIZE", "DECIMAL_DIGITS", "GENERATION_EXPRESSION", "SRS_ID",
    ];

    private static readonly string[] ViewsColumns =
        ["TABLE_CATALOG", "TABLE_SCHEMA", "TABLE_NAME", "VIEW_DEFINITION", "CHECK_OPTION", "IS_UPDATABLE", "DEFINER", "SECURITY_TYPE", "CHARACTER_SET_CLIENT", "COLLATION_CONNECTION"];

    public static void Materialize(SqliteConnection connection, ClusterState state, SessionContext session, string name)
    {
        var visible = state.Databases.Where(d => state.Auth.HasAnyPrivilegeOnDb(session.User, d.Name)).ToList();
        switch (name)
        {
            case "tables":
                Load(connection, name, TablesColumns, visible.SelectMany(d => d.Tables.Select(t => new object?[]
                {
                    "internal", d.Name, t.Name, t.Kind == TableKind.VIEW ? "VIEW" : "BASE TABLE", t.Kind == TableKind.VIEW ? null : "Doris",
                    null, null, 0L, 0L, 0L, null, null, null, null, ClusterInfoRows.Format(t.CreateTime), ClusterInfoRows.Format(t.UpdateTime),
                    null, "utf-8", null, string.Empty, t.Comment,
                })));
                break;
            case "schemata":
                Load(connection, name, SchemataColumns, new[] { "information_schema", "mysql" }.Concat(visible.Select(d => d.Name))
                    .Select(n => new object?[] { "internal", n, "utf8mb4", "utf8mb4_0900_bin", null, "NO" }));
                break;
            case "columns":
                Load(connection, name, ColumnsColumns, visible.SelectMany(d => d.Tables.SelectMany(t => t.Columns.Select((c, i) => new object?[]
                {
                    "internal", d.Name, t.Name, c.Name, (long)(i + 1), c.DefaultValue, c.IsAllowNull ? "YES" : "NO",
                    c.Type.ToSql().Split('(')[0], c.Type.IsString ? (long?)c.Type.Length : null, c.Type.IsString ? (long?)c.Type.Length : null,
                    c.Type.IsDecimal ? (long?)c.Type.Precision : null, c.Type.IsDecimal ? (long?)c.Type.Scale : null, null, null, null,
                    c.Type.ToSql(), c.IsKey ? (t is OlapTable o && o.KeysType == KeysType.UNIQUE_KEYS ? "UNI" : "DUP") : string.Empty,
                    string.Empty, "SELECT", c.Comment, null, null, null, null,
                }))));
                break;
            case "views":
                Load(connection, name, ViewsColumns, visible.SelectMany(d => d.Tables.OfType<View>().Select(v => new object?[]
                {
                    "internal", d.Name, v.Name, v.Definition, "NONE", "NO", "root@%", string.Empty, "utf8mb4", "utf8mb4_0900_bin",
                })));
                break;
            default:
                throw DorisErrors.TableNotExistInQuery(name, "information_schema");
        }
    }

    private static void Load(SqliteConnection connection, string name, string[] columns, IEnumerable<object?[]> rows) =>
        SqliteMaterializer.CreateAndLoad(connection, "information_schema", name, columns.Select(c => (c, string.Empty)).ToList(), rows);
}
