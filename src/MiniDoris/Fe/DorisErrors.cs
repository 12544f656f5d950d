namespace MiniDoris.Fe;

/// <summary>
/// Builds the errors Doris FE returns, with the MySQL codes of its ErrorCode table and the
/// <c>errCode = 2, detailMessage = </c> prefix its UserException adds to every analysis/DDL failure.
/// </summary>
public static class DorisErrors
{
    /// <summary>The prefix Doris puts before the detail of analysis and DDL errors.</summary>
    public const string Prefix = "errCode = 2, detailMessage = ";

    /// <summary>A generic analysis or DDL failure (MySQL 1105, HY000).</summary>
    public static DorisException Generic(string detail) => new(1105, "HY000", Prefix + detail);

    public static DorisException UnknownDatabase(string db) => new(1049, "42000", Prefix + $"Unknown database '{db}'");

    public static DorisException DatabaseExists(string db) =>
        new(1007, "HY000", Prefix + $"Can't create database '{db}'; database exists");

    public static DorisException DropMissingDatabase(string db) =>
        new(1008, "HY000", Prefix + $"Can't drop database '{db}'; database doesn't exist");

    public static DorisException NoDatabaseSelected() => new(1046, "3D000", Prefix + "No database selected");

    public static DorisException TableExists(string table) => new(1050, "42S01", Prefix + $"Table '{table}' already exists");

    /// <summary>ERR_BAD_TABLE_ERROR, used by ALTER/TRUNCATE/SHOW on a missing table.</summary>
    public static DorisException UnknownTable(string table) => new(1051, "42S02", Prefix + $"Unknown table '{table}'");

    /// <summary>ERR_UNKNOWN_TABLE, used by DROP TABLE on a missing table.</summary>
    public static DorisException UnknownTableInDb(string table, string db) =>
        new(1109, "42S02", Prefix + $"Unknown table '{table}' in {db}");

    /// <summary>What the Nereids planner says when a query names a table that does not exist.</summary>
    public static DorisException TableNotExistInQuery(string table, string db) =>
        new(1105, "HY000", Prefix + $"Table [{table}] does not exist in database [{db}].");

    public static DorisException UnknownColumn(string column, string where) =>
        new(1054, "42S22", Prefix + $"Unknown column '{column}' in '{where}'");

    public static DorisException DuplicateColumn(string column) =>
        new(1060, "42S21", Prefix + $"Duplicate column name '{column}'");

    public static DorisException ColumnCountMismatch() =>
        new(1058, "21S01", Prefix + "Column count doesn't match value count");

    public static DorisException WrongObject(string db, string name, string expected, string hint) =>
        new(1347, "HY000", Prefix + $"'{db}.{name}' is not {expected}. {hint}");

    public static DorisException AccessDenied(string user, bool usingPassword) =>
        new(1045, "28000", Prefix + $"Access denied for user '{user}' (using password: {(usingPassword ? "YES" : "NO")})");

    public static DorisException PrivilegeDenied(string privilege) =>
        new(1227, "42000", Prefix + $"Access denied; you need (at least one of) the ({privilege}) privilege(s) for this operation");

    public static DorisException TableAccessDenied(string command, string user, string table) =>
        new(1142, "42000", Prefix + $"{command} command denied to user '{user}'@'%' for table '{table}'");

    public static DorisException DbAccessDenied(string user, string db) =>
        new(1044, "42000", Prefix + $"Access denied for user '{user}' to database '{db}'");

    /// <summary>A syntax error, pointing at the offending position like Doris's parser does.</summary>
    public static DorisException Syntax(string sql, int position, string reason)
    {
        var line = 1;
        var lineStart = 0;
        for (var i = 0; i < position && i < sql.Length; i++)
        {
            if (sql[i] == '\n')
            {
                line++;
                lineStart = i + 1;
            }
        }

        var lineEnd = sql.IndexOf('\n', lineStart);
        var text = lineEnd < 0 ? sql[lineStart..] : sql[lineStart..lineEnd];
        var caret = new string(' ', Math.Max(0, position - lineStart)) + "^";
        return new DorisException(1064, "42000",
            Prefix + $"Syntax error in line {line}:\n{text}\n{caret}\n{reason}");
    }
}
