using System.Globalization;
using System.Text;
using Microsoft.Data.Sqlite;
using MiniDoris.Fe.Catalog;
using MiniDoris.Fe.Sql;
using MiniDoris.Fe.Sql.Ast;

namespace MiniDoris.Fe.Qe;

/// <summary>
/// Runs queries: translates them to SQLite, materialises the merged view of every table (and view) they read
/// into a fresh in-memory SQLite database, and lets SQLite evaluate the rest.
/// </summary>
internal sealed class SqliteQueryEngine
{
    private const int MaxViewDepth = 16;
    private readonly ClusterState _state;
    private readonly ClusterOptions _options;

    public SqliteQueryEngine(ClusterState state, ClusterOptions options)
    {
        _state = state;
        _options = options;
    }

    /// <summary>Runs a query and returns SQLite's raw values with the Doris types of plain column outputs.</summary>
    public QueryOutput Run(SessionContext session, SqlFragment query)
    {
        using var connection = SqliteMaterializer.OpenConnection();
        SqliteMaterializer.RegisterFunctions(connection, session);
        var aliases = new Dictionary<string, string>();
        var attached = new HashSet<string>();
        var created = new HashSet<string>();
        var translation = Translate(session, session.CurrentDb, query, aliases);
        Prepare(connection, session, translation, aliases, attached, created, 0);
        return Execute(connection, session, translation, _state);
    }

    /// <summary>Runs a query for a client: a result set with Doris-formatted text values.</summary>
    public QueryResult Select(SessionContext session, SqlFragment query)
    {
        var output = Run(session, query);
        var columns = new List<ResultColumn>();
        for (var i = 0; i < output.Names.Count; i++)
        {
            columns.Add(ResultColumnFor(output.Names[i], output.Types[i], output.Rows.Select(r => r[i])));
        }

        var rows = output.Rows.Select(r => r.Select((v, i) => FormatValue(output.Types[i], v)).ToArray()).ToList();
        return QueryResult.ResultSet(columns, rows);
    }

    /// <summary>Evaluates standalone expressions (INSERT VALUES items that are not plain literals).</summary>
    public object?[] EvaluateExpressions(SessionContext session, IReadOnlyList<SqlFragment> expressions)
    {
        var tokens = new List<SqlToken>();
        var sb = new StringBuilder("SELECT ");
        for (var i = 0; i < expressions.Count; i++)
        {
            if (i > 0)
            {
                sb.Append(", ");
            }

            sb.Append(expressions[i].Text);
        }

        var sql = sb.ToString();
        tokens.AddRange(SqlTokenizer.Tokenize(sql));
        tokens.RemoveAt(tokens.Count - 1);
        var output = Run(session, new SqlFragment(tokens, sql));
        return output.Rows[0];
    }

    /// <summary>Prints a SQLite value the way Doris would for a column of type <paramref name="type"/>.</summary>
    public static string? FormatValue(ColumnType? type, object? value)
    {
        if (value is null or DBNull)
        {
            return null;
        }

        if (type is not null)
        {
            return type.Format(value);
        }

        return value switch
        {
            double d => d.ToString("G15", CultureInfo.InvariantCulture),
            byte[] b => Encoding.UTF8.GetString(b),
            _ => ValueText.ToInvariant(value),
        };
    }

    /// <summary>Converts a SQLite value back to a canonical value (used by INSERT ... SELECT).</summary>
    public static object? ToCanonical(object? value) => value switch
    {
        null or DBNull => null,
        byte[] b => Encoding.UTF8.GetString(b),
        _ => value,
    };

    private SqliteTranslation Translate(SessionContext session, string? currentDb, SqlFragment query, Dictionary<string, string> aliases)
    {
        var scope = new QueryScope(_state, session, currentDb);
        return SqliteTranslator.Translate(query.Tokens, query.Text, query.Tokens[0].Start, scope, aliases);
    }

    private void Prepare(
        SqliteConnection connection, SessionContext session, SqliteTranslation translation, Dictionary<string, string> aliases,
        HashSet<string> attached, HashSet<string> created, int depth)
    {
        foreach (var alias in aliases.Values)
        {
            if (attached.Add(alias))
            {
                using var attach = connection.CreateCommand();
                attach.CommandText = $"ATTACH DATABASE ':memory:' AS \"{alias}\"";
                attach.ExecuteNonQuery();
            }
        }

        foreach (var reference in translation.Tables)
        {
            var key = reference.SchemaAlias + "." + reference.Table;
            if (created.Contains(key))
            {
                continue;
            }

            var db = _state.FindDb(reference.Db);
            var table = db?.FindTable(reference.Table);
            if (db is null || table is null)
            {
                continue;
            }

            CheckSelectPrivilege(session, db, table);
            created.Add(key);
            if (table is OlapTable olap)
            {
                var columns = olap.Columns.Select(c => (c.Name, c.Type.SqliteDeclaredType)).ToList();
                SqliteMaterializer.CreateAndLoad(connection, reference.SchemaAlias, olap.Name, columns, TableDataReader.ReadMerged(_state, olap));
            }
            else if (table is View view)
            {
                MaterializeView(connection, session, db, view, reference.SchemaAlias, aliases, attached, created, depth);
            }
        }

        if (translation.InformationSchemaTables.Count > 0 && attached.Add(SqliteTranslator.InformationSchema))
        {
            using var attach = connection.CreateCommand();
            attach.CommandText = $"ATTACH DATABASE ':memory:' AS \"{SqliteTranslator.InformationSchema}\"";
            attach.ExecuteNonQuery();
        }

        foreach (var name in translation.InformationSchemaTables)
        {
            if (created.Add("information_schema." + name))
            {
                InformationSchemaTables.Materialize(connection, _state, session, name);
            }
        }

        if (translation.UsesFrontends && created.Add("__frontends"))
        {
            SqliteMaterializer.CreateAndLoad(connection, "main", "__frontends",
                ClusterInfoRows.FrontendColumns.Select(c => (c, "TEXT")).ToList(), ClusterInfoRows.Frontends(_state, _options, _options.MasterFrontend, session.Frontend));
        }

        if (translation.UsesBackends && created.Add("__backends"))
        {
            SqliteMaterializer.CreateAndLoad(connection, "main", "__backends",
                ClusterInfoRows.BackendColumns.Select(c => (c, "TEXT")).ToList(), ClusterInfoRows.Backends(_state));
        }
    }

    private void MaterializeView(
        SqliteConnection connection, SessionContext session, Database db, View view, string alias,
        Dictionary<string, string> aliases, HashSet<string> attached, HashSet<string> created, int depth)
    {
        if (depth > MaxViewDepth)
        {
            throw DorisErrors.Generic($"View {view.Name} nests too deeply");
        }

        var tokens = SqlTokenizer.Tokenize(view.Definition);
        tokens.RemoveAt(tokens.Count - 1);
        var translation = Translate(session, db.Name, new SqlFragment(tokens, view.Definition), aliases);
        Prepare(connection, session, translation, aliases, attached, created, depth + 1);
        var output = Execute(connection, session, translation, _state);
        var names = view.Columns.Count == output.Names.Count ? view.Columns.Select(c => c.Name).ToList() : output.Names.ToList();
        var columns = names.Select((n, i) => (n, output.Types[i]?.SqliteDeclaredType ?? string.Empty)).ToList();
        SqliteMaterializer.CreateAndLoad(connection, alias, view.Name, columns, output.Rows);
    }

    private void CheckSelectPrivilege(SessionContext session, Database db, Table table)
    {
        if (!_state.Auth.HasPrivilege(session.User, Auth.Privilege.Select, db.Name, table.Name))
        {
            throw DorisErrors.TableAccessDenied("SELECT", session.User, $"internal: {db.Name}.{table.Name}");
        }
    }

    private static QueryOutput Execute(SqliteConnection connection, SessionContext session, SqliteTranslation translation, ClusterState state)
    {
        if (translation.Sql.Contains('\0', StringComparison.Ordinal))
        {
            // Microsoft.Data.Sqlite loops forever on text after a NUL (SQLite stops preparing there, the rest never shrinks);
            // Doris's lexer rejects a bare NUL character as a syntax error.
            throw new DorisException(1064, "42000", DorisErrors.Prefix + "Syntax error: unexpected NUL character in the statement");
        }

        using var cmd = connection.CreateCommand();
        cmd.CommandText = translation.Sql;
        foreach (var (name, value) in translation.Parameters)
        {
            cmd.Parameters.AddWithValue(name, value ?? DBNull.Value);
        }

        try
        {
            using var reader = cmd.ExecuteReader();
            var names = Enumerable.Range(0, reader.FieldCount).Select(reader.GetName).ToList();
            var types = new ColumnType?[reader.FieldCount];
            var rows = new List<object?[]>();
            var first = true;
            while (reader.Read())
            {
                if (first)
                {
                    for (var i = 0; i < reader.FieldCount; i++)
                    {
                        types[i] = ColumnType.FromSqliteDeclaredType(reader.GetDataTypeName(i));
                    }

                    first = false;
                }

                var row = new object?[reader.FieldCount];
                for (var i = 0; i < reader.FieldCount; i++)
                {
                    row[i] = reader.IsDBNull(i) ? null : reader.GetValue(i);
                }

                rows.Add(row);
            }

            if (first)
            {
                for (var i = 0; i < reader.FieldCount; i++)
                {
                    types[i] = ColumnType.FromSqliteDeclaredType(SafeDeclaredType(reader, i));
                }
            }

            return new QueryOutput(names, types, rows);
        }
        catch (SqliteException e)
        {
            throw TranslateError(e, session, translation, state);
        }
        catch (InvalidOperationException e) when (e.Message.StartsWith("Must add values for the following parameters", StringComparison.Ordinal))
        {
            // SQLite read a stray parameter marker in the client's text (e.g. "SELECT @@@@x"); Doris rejects such text
            // as a syntax error, and the client must get that answer rather than an unexplained failure.
            throw new DorisException(1064, "42000", DorisErrors.Prefix + "Syntax error: " + e.Message);
        }
    }

    private static string? SafeDeclaredType(SqliteDataReader reader, int i)
    {
        try
        {
            return reader.GetDataTypeName(i);
        }
        catch (InvalidOperationException)
        {
            return null;
        }
    }

    private static DorisException TranslateError(SqliteException e, SessionContext session, SqliteTranslation translation, ClusterState state)
    {
        var message = e.Message;
        var marker = "no such table: ";
        var at = message.IndexOf(marker, StringComparison.Ordinal);
        if (at >= 0)
        {
            var name = message[(at + marker.Length)..].Trim().TrimEnd('.', '\'');
            var dot = name.IndexOf('.', StringComparison.Ordinal);
            string? db = session.CurrentDb;
            if (dot >= 0)
            {
                // A qualified reference names its db (through the attached schema's alias): Doris reports the unknown
                // table in that db whether or not a current db is selected.
                var alias = name[..dot];
                db = translation.SchemaAliases.FirstOrDefault(a => a.Value == alias).Key ?? db;
                name = name[(dot + 1)..];
            }

            if (db is null)
            {
                return DorisErrors.NoDatabaseSelected();
            }

            // Nereids RelationUtil checks the db before the table.
            return state.FindDb(db) is null
                ? DorisErrors.Generic($"Database [{db}] does not exist.")
                : DorisErrors.TableNotExistInQuery(name, db);
        }

        marker = "no such column: ";
        at = message.IndexOf(marker, StringComparison.Ordinal);
        if (at >= 0)
        {
            return DorisErrors.UnknownColumn(message[(at + marker.Length)..].Trim().TrimEnd('.', '\''), "table list");
        }

        if (message.Contains("syntax error", StringComparison.Ordinal))
        {
            return new DorisException(1064, "42000", DorisErrors.Prefix + "Syntax error: " + message.Replace("SQLite Error 1: ", string.Empty, StringComparison.Ordinal));
        }

        return DorisErrors.Generic(message.Replace("SQLite Error 1: ", string.Empty, StringComparison.Ordinal));
    }

    private static ResultColumn ResultColumnFor(string name, ColumnType? type, IEnumerable<object?> values)
    {
        if (type is not null)
        {
            return new ResultColumn(name, type.Type switch
            {
                PrimitiveType.BOOLEAN => ResultColumnType.Boolean,
                PrimitiveType.TINYINT => ResultColumnType.TinyInt,
                PrimitiveType.SMALLINT => ResultColumnType.SmallInt,
                PrimitiveType.INT => ResultColumnType.Int,
                PrimitiveType.BIGINT => ResultColumnType.BigInt,
                PrimitiveType.LARGEINT => ResultColumnType.LargeInt,
                PrimitiveType.FLOAT => ResultColumnType.Float,
                PrimitiveType.DOUBLE => ResultColumnType.Double,
                PrimitiveType.DECIMAL32 or PrimitiveType.DECIMAL64 or PrimitiveType.DECIMAL128 => ResultColumnType.Decimal,
                PrimitiveType.DATEV2 => ResultColumnType.Date,
                PrimitiveType.DATETIMEV2 => ResultColumnType.DateTime,
                _ => ResultColumnType.Varchar,
            }, type.Scale, type.Length);
        }

        var sample = values.FirstOrDefault(v => v is not null and not DBNull);
        return new ResultColumn(name, sample switch
        {
            long => ResultColumnType.BigInt,
            double => ResultColumnType.Double,
            null => ResultColumnType.Null,
            _ => ResultColumnType.Varchar,
        });
    }
}
