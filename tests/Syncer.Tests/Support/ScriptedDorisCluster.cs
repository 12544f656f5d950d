using System.Collections.Concurrent;
using System.Globalization;
using System.Text.RegularExpressions;
using Syncer.Doris.Sql;
using Syncer.Jobs;
using Syncer.Wire.MySql;

namespace Syncer.Tests.Support;

/// <summary>
/// A Doris cluster's SQL front reduced to the statements job creation and desync send, answering with the
/// result columns real Doris uses (docs/doris-facts.md, "SQL the syncer sends"), served over the real MySQL protocol by
/// <see cref="ScriptedDorisServer"/>. The end-to-end tests use real minidoris processes; this one exists for the
/// faults minidoris cannot be made to show: statements that fail, hang or answer in an unexpected shape.
/// </summary>
public sealed partial class ScriptedDorisCluster : IMySqlCommandHandler
{
    private long _nextId = 10_000;

    public ScriptedDorisCluster(string host)
    {
        Host = host;
    }

    public string Host { get; }

    public int Port { get; private set; }

    /// <summary>Records the port the server got, which the cluster's FE list reports.</summary>
    public void Listening(int port)
    {
        Port = port;
        Frontends.Add(new FrontendSpec { Host = Host, Port = port.ToString(CultureInfo.InvariantCulture), ThriftPort = "9020", IsMaster = true });
    }

    /// <summary>The FE's enable_feature_binlog; null: the FE does not know the setting (no row).</summary>
    public string? FeBinlogValue { get; set; } = "true";

    public List<FrontendSpec> Frontends { get; } = [];

    public List<DorisBackend> Backends { get; } = [];

    public ConcurrentDictionary<string, ScriptedDatabase> Databases { get; } = new(StringComparer.Ordinal);

    public ConcurrentQueue<string> Statements { get; } = new();

    /// <summary>When set, every statement fails with this message (like a lost connection).</summary>
    public string? FailEveryStatement { get; set; }

    /// <summary>When set, statements get no answer at all (an FE stuck in a long GC pause).</summary>
    public bool Hang { get; set; }

    /// <summary>Answers given instead of the normal ones, by exact statement text.</summary>
    public ConcurrentDictionary<string, DorisSqlResult> Overrides { get; } = new(StringComparer.Ordinal);

    public ScriptedDatabase AddDatabase(string name, bool binlog = true)
    {
        var db = new ScriptedDatabase(name, Interlocked.Increment(ref _nextId), binlog);
        Databases[name] = db;
        return db;
    }

    public ScriptedTable AddTable(string database, string table, bool binlog = true, bool isView = false)
    {
        var t = new ScriptedTable(table, Interlocked.Increment(ref _nextId), binlog, isView);
        Databases[database].Tables[table] = t;
        return t;
    }

    public async ValueTask<MySqlReply> QueryAsync(MySqlSession session, string sql, CancellationToken cancellationToken)
    {
        Statements.Enqueue(sql);
        if (Hang) await Task.Delay(Timeout.Infinite, cancellationToken);
        if (FailEveryStatement is not null) return MySqlReply.Error(1105, "HY000", FailEveryStatement);
        try
        {
            var result = Overrides.TryGetValue(sql, out var replaced) ? replaced : TryQuery(sql);
            if (result is not null)
            {
                var columns = result.Columns.Select(c => new MySqlColumn(c, MySqlColumnType.VarString) { CharacterSet = 33 }).ToList();
                return MySqlReply.ResultSet(columns, result.Rows);
            }
            Execute(sql);
            return MySqlReply.Ok();
        }
        catch (IOException e)
        {
            return MySqlReply.Error(1105, "HY000", e.Message);
        }
    }

    public ValueTask<MySqlReply> InitDatabaseAsync(MySqlSession session, string database, CancellationToken cancellationToken) =>
        ValueTask.FromResult<MySqlReply>(Databases.ContainsKey(database)
            ? MySqlReply.Ok()
            : MySqlReply.Error(1049, "42000", $"Unknown database '{database}'"));

    private DorisSqlResult? TryQuery(string sql)
    {
        Match m;
        if (sql == "select Host, QueryPort, RpcPort, IsMaster from frontends();")
            return Result(["Host", "QueryPort", "RpcPort", "IsMaster", "Alive"],
                Frontends.Select(f => Row(f.Host, f.Port, f.ThriftPort, f.IsMaster ? "true" : "false", "true")));
        if (sql == "ADMIN SHOW FRONTEND CONFIG LIKE \"%enable_feature_binlog%\"")
            return Result(["Key", "Value", "Type", "IsMutable", "MasterOnly", "Comment"],
                FeBinlogValue is null ? [] : [Row("enable_feature_binlog", FeBinlogValue, "boolean", "false", "false", "")]);
        if (sql == "show backends")
            return Result(["BackendId", "Host", "HeartbeatPort", "BePort", "HttpPort", "BrpcPort", "Alive"],
                Backends.Select(b => Row(b.Id.ToString(CultureInfo.InvariantCulture), b.Host, "9050", b.BePort.ToString(CultureInfo.InvariantCulture),
                    b.HttpPort.ToString(CultureInfo.InvariantCulture), b.BrpcPort.ToString(CultureInfo.InvariantCulture), "true")));
        if ((m = ShowDatabasesLike().Match(sql)).Success)
        {
            var pattern = Unquote(m.Groups[1].Value);
            return Result(["Database"], Databases.Keys.Where(k => LikeMatches(pattern, k)).Select(k => Row(k)));
        }
        if ((m = ShowCreateDatabase().Match(sql)).Success)
        {
            var db = Database(Ident(m.Groups[1].Value));
            var props = db.BinlogEnabled ? "\n PROPERTIES (\n\"binlog.enable\" = \"true\",\n\"binlog.ttl_seconds\" = \"86400\"\n)" : "";
            return Result(["Database", "Create Database"], [Row(db.Name, $"CREATE DATABASE `{db.Name}`{props}")]);
        }
        if (sql == "show proc '/dbs/'")
            return Result(["DbId", "DbName", "TableNum", "Size", "Quota"],
                Databases.Values.Select(d => Row(d.Id.ToString(CultureInfo.InvariantCulture), d.Name, d.Tables.Count.ToString(CultureInfo.InvariantCulture), "0", "1024.000 TB")));
        if ((m = ShowProcDb().Match(sql)).Success)
        {
            var id = long.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture);
            var db = Databases.Values.Single(d => d.Id == id);
            return Result(["TableId", "TableName", "IndexNum", "PartitionColumnName", "PartitionNum", "State", "Type"],
                db.Tables.Values.Select(t => Row(t.Id.ToString(CultureInfo.InvariantCulture), t.Name, "1", "", "1", "NORMAL", t.IsView ? "VIEW" : "OLAP")));
        }
        if ((m = ShowTablesLike().Match(sql)).Success)
        {
            var db = Database(Ident(m.Groups[1].Value));
            var pattern = Unquote(m.Groups[2].Value);
            return Result([$"Tables_in_{db.Name}"], db.Tables.Keys.Where(k => LikeMatches(pattern, k)).Select(k => Row(k)));
        }
        if ((m = ShowFullTables().Match(sql)).Success)
        {
            var db = Database(Ident(m.Groups[1].Value));
            return Result([$"Tables_in_{db.Name}", "Table_type"], db.Tables.Values.Select(t => Row(t.Name, t.IsView ? "VIEW" : "BASE TABLE")));
        }
        if ((m = ShowCreateTable().Match(sql)).Success)
        {
            var db = Database(Ident(m.Groups[1].Value));
            var name = Ident(m.Groups[2].Value);
            if (!db.Tables.TryGetValue(name, out var t)) throw new IOException($"errCode = 2, detailMessage = Unknown table '{name}'");
            if (t.IsView) return Result(["View", "Create View", "character_set_client", "collation_connection"], [Row(name, $"CREATE VIEW `{name}` AS SELECT 1", "utf8", "utf8_general_ci")]);
            var props = t.BinlogEnabled ? "\"binlog.enable\" = \"true\"" : "\"binlog.enable\" = \"false\"";
            return Result(["Table", "Create Table"], [Row(name, $"CREATE TABLE `{name}` (\n  `id` int NULL\n) ENGINE=OLAP\nPROPERTIES (\n\"replication_allocation\" = \"tag.location.default: 1\",\n{props}\n);")]);
        }
        return null;
    }

    private void Execute(string sql)
    {
        Match m;
        if ((m = CreateDatabase().Match(sql)).Success)
        {
            var name = Ident(m.Groups[1].Value);
            if (!Databases.ContainsKey(name)) AddDatabase(name, binlog: false);
            return;
        }
        if ((m = SetNotBeingSynced().Match(sql)).Success)
        {
            var db = Database(Ident(m.Groups[1].Value));
            var name = Ident(m.Groups[2].Value);
            if (!db.Tables.TryGetValue(name, out var t)) throw new IOException($"errCode = 2, detailMessage = Unknown table '{name}'");
            t.BeingSynced = false;
            return;
        }
        throw new IOException($"errCode = 2, detailMessage = scripted cluster does not understand: {sql}");
    }

    private ScriptedDatabase Database(string name) =>
        Databases.TryGetValue(name, out var db) ? db : throw new IOException($"errCode = 2, detailMessage = Unknown database '{name}'");

    private static DorisSqlResult Result(string[] columns, IEnumerable<IReadOnlyList<string?>> rows) => new(columns, rows.ToList());

    private static IReadOnlyList<string?> Row(params string?[] values) => values;

    /// <summary>`a``b` → a`b.</summary>
    private static string Ident(string quoted) => quoted[1..^1].Replace("``", "`", StringComparison.Ordinal);

    /// <summary>A MySQL string literal's value; \% and \_ stay escaped because they mean something to LIKE.</summary>
    private static string Unquote(string literal)
    {
        var body = literal[1..^1];
        var value = new System.Text.StringBuilder();
        for (var i = 0; i < body.Length; i++)
        {
            if (body[i] == '\'' && i + 1 < body.Length && body[i + 1] == '\'')
            {
                value.Append('\'');
                i++;
                continue;
            }
            if (body[i] != '\\' || i + 1 == body.Length)
            {
                value.Append(body[i]);
                continue;
            }
            var c = body[++i];
            value.Append(c switch
            {
                '%' => "\\%",
                '_' => "\\_",
                'n' => "\n",
                'r' => "\r",
                '0' => "\0",
                'Z' => "\u001a",
                _ => c.ToString(),
            });
        }
        return value.ToString();
    }


    /// <summary>MySQL LIKE with % and _ wildcards and backslash escapes, case-insensitive as Doris' SHOW … LIKE.</summary>
    private static bool LikeMatches(string pattern, string value)
    {
        var regex = new System.Text.StringBuilder("^");
        for (var i = 0; i < pattern.Length; i++)
        {
            var c = pattern[i];
            if (c == '\\' && i + 1 < pattern.Length) regex.Append(Regex.Escape(pattern[++i].ToString()));
            else if (c == '%') regex.Append(".*");
            else if (c == '_') regex.Append('.');
            else regex.Append(Regex.Escape(c.ToString()));
        }
        return Regex.IsMatch(value, regex.Append('$').ToString(), RegexOptions.IgnoreCase | RegexOptions.Singleline);
    }

    private const string IdentPattern = "(`(?:[^`]|``)*`)";
    private const string LiteralPattern = @"('(?:[^'\\]|\\.|'')*')";

    [GeneratedRegex($"^SHOW DATABASES LIKE {LiteralPattern}$", RegexOptions.Singleline)]
    private static partial Regex ShowDatabasesLike();

    [GeneratedRegex($"^SHOW CREATE DATABASE {IdentPattern}$", RegexOptions.Singleline)]
    private static partial Regex ShowCreateDatabase();

    [GeneratedRegex(@"^show proc '/dbs/(\d+)/'$")]
    private static partial Regex ShowProcDb();

    [GeneratedRegex($"^SHOW TABLES FROM {IdentPattern} LIKE {LiteralPattern}$", RegexOptions.Singleline)]
    private static partial Regex ShowTablesLike();

    [GeneratedRegex($"^SHOW FULL TABLES FROM {IdentPattern}$", RegexOptions.Singleline)]
    private static partial Regex ShowFullTables();

    [GeneratedRegex($"^SHOW CREATE TABLE {IdentPattern}\\.{IdentPattern}$", RegexOptions.Singleline)]
    private static partial Regex ShowCreateTable();

    [GeneratedRegex($"^CREATE DATABASE IF NOT EXISTS {IdentPattern}$", RegexOptions.Singleline)]
    private static partial Regex CreateDatabase();

    [GeneratedRegex($"^ALTER TABLE {IdentPattern}\\.{IdentPattern} SET \\(\"is_being_synced\" = \"false\"\\)$", RegexOptions.Singleline)]
    private static partial Regex SetNotBeingSynced();
}
