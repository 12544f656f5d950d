using System.Globalization;
using Microsoft.Data.Sqlite;
using MiniDoris.Fe.Catalog;
using MiniDoris.Fe.Sql;
using MiniDoris.Storage;

namespace MiniDoris.Fe.Qe;

/// <summary>
/// Helpers for the throw-away in-memory SQLite databases queries run in: opening them, registering the
/// MySQL/Doris functions SQLite lacks, and loading rows into tables with Doris-typed declared columns.
/// </summary>
public static class SqliteMaterializer
{
    public static SqliteConnection OpenConnection()
    {
        var connection = new SqliteConnection("Data Source=:memory:");
        connection.Open();
        return connection;
    }

    /// <summary>Converts a canonical value into what SQLite stores.</summary>
    public static object ToSqlite(object? value) => value switch
    {
        null => DBNull.Value,
        decimal m => (double)m,
        Int128 x when x >= long.MinValue && x <= long.MaxValue => (long)x,
        Int128 x => x.ToString(CultureInfo.InvariantCulture),
        _ => value,
    };

    /// <summary>
    /// Registers functions Doris queries commonly use that SQLite does not have. <paramref name="session"/> is
    /// null for contexts without a session (delete predicates).
    /// </summary>
    public static void RegisterFunctions(SqliteConnection connection, SessionContext? session)
    {
        connection.CreateFunction("concat", (object?[] args) =>
            args.Any(a => a is null or DBNull) ? null : string.Concat(args.Select(Text)), isDeterministic: true);
        connection.CreateFunction("concat_ws", (object?[] args) =>
            args.Length == 0 || args[0] is null or DBNull ? null
                : string.Join(Text(args[0]), args.Skip(1).Where(a => a is not null and not DBNull).Select(Text)), isDeterministic: true);
        connection.CreateFunction("if", (object? c, object? a, object? b) => Truthy(c) ? a : b, isDeterministic: true);
        connection.CreateFunction("nvl", (object? a, object? b) => a is null or DBNull ? b : a, isDeterministic: true);
        connection.CreateFunction("char_length", (string? s) => s?.Length, isDeterministic: true);
        connection.CreateFunction("lcase", (string? s) => s?.ToLowerInvariant(), isDeterministic: true);
        connection.CreateFunction("ucase", (string? s) => s?.ToUpperInvariant(), isDeterministic: true);
        if (session is null)
        {
            return;
        }

        connection.CreateFunction("now", () => session.Now().ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture));
        connection.CreateFunction("curdate", () => session.Now().ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        connection.CreateFunction("unix_timestamp", () => session.Now().ToUnixTimeSeconds());
        connection.CreateFunction("database", () => session.CurrentDb);
        connection.CreateFunction("schema", () => session.CurrentDb);
        connection.CreateFunction("version", () => SessionVariables.MysqlVersion);
        connection.CreateFunction("connection_id", () => session.ConnectionId);
        connection.CreateFunction("current_user", () => $"'{session.User}'@'%'");
        connection.CreateFunction("user", () => $"'{session.User}'@'127.0.0.1'");
    }

    /// <summary>Creates <c>schema.table</c> with the given columns and loads the rows.</summary>
    public static void CreateAndLoad(
        SqliteConnection connection, string schemaAlias, string table, IReadOnlyList<(string Name, string DeclaredType)> columns,
        IEnumerable<object?[]> rows)
    {
        var qualified = SqliteTranslator.QuoteIdentifier(schemaAlias) + "." + SqliteTranslator.QuoteIdentifier(table);
        using (var create = connection.CreateCommand())
        {
            var defs = columns.Count == 0
                ? "\"__empty\" INTEGER"
                : string.Join(", ", columns.Select(c => SqliteTranslator.QuoteIdentifier(c.Name) + " " + c.DeclaredType));
            create.CommandText = $"CREATE TABLE {qualified} ({defs})";
            create.ExecuteNonQuery();
        }

        if (columns.Count == 0)
        {
            return;
        }

        using var tx = connection.BeginTransaction();
        using var insert = connection.CreateCommand();
        insert.Transaction = tx;
        insert.CommandText = $"INSERT INTO {qualified} VALUES ({string.Join(", ", columns.Select((_, i) => "$c" + i.ToString(CultureInfo.InvariantCulture)))})";
        var parameters = columns.Select((_, i) => insert.Parameters.Add("$c" + i.ToString(CultureInfo.InvariantCulture), SqliteType.Blob)).ToArray();
        foreach (var row in rows)
        {
            for (var i = 0; i < parameters.Length; i++)
            {
                var v = ToSqlite(row[i]);
                parameters[i].SqliteType = v switch
                {
                    long => SqliteType.Integer,
                    double => SqliteType.Real,
                    string => SqliteType.Text,
                    _ => SqliteType.Blob,
                };
                parameters[i].Value = v;
            }

            insert.ExecuteNonQuery();
        }

        tx.Commit();
    }

    private static string Text(object? v) => v switch
    {
        null or DBNull => string.Empty,
        double d => ColumnType.FormatDouble(d),
        _ => ValueText.ToInvariant(v),
    };

    private static bool Truthy(object? v) => v switch
    {
        null or DBNull => false,
        long l => l != 0,
        double d => d != 0,
        string s => double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && d != 0,
        _ => true,
    };
}
