using System.Text;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using MiniDoris.Fe;
using MiniDoris.Fe.Sql;

namespace MiniDoris.Tests;

/// <summary>
/// The SQL parser faces whatever a client sends: random text, and real statements mangled (cut, spliced, repeated).
/// Each must parse or be refused with a Doris error (<see cref="DorisException"/>); any other exception would reach
/// the MySQL server as an unexplained failure instead of Doris's answer.
/// </summary>
public sealed class SqlParserPropertyTests
{
    [Property(Arbitrary = [typeof(SqlInputs)], MaxTest = 2000)]
    public void Mutated_statements_parse_or_are_refused_with_a_doris_error(MutatedSql input) => ParsesOrRefuses(input.Text);

    [Property(Arbitrary = [typeof(SqlInputs)], MaxTest = 1000)]
    public void Random_token_soup_parses_or_is_refused_with_a_doris_error(TokenSoup input) => ParsesOrRefuses(input.Text);

    [Property(MaxTest = 500)]
    public void Arbitrary_strings_parse_or_are_refused_with_a_doris_error(string text) => ParsesOrRefuses(text ?? string.Empty);

    [Property(Arbitrary = [typeof(SqlInputs)], MaxTest = 1000)]
    public void Mutated_statements_run_or_are_refused_with_a_doris_error(MutatedSql input)
    {
        // Past the parser, the statement meets the catalog and the SELECT translation to SQLite: any failure there must
        // also come back as a Doris error. One cluster per run of the property, with the tables the seeds name.
        var harness = Harness.Value;
        lock (harness)
        {
            var run = Task.Run(() => harness.Cluster.Execute(harness.Session, input.Text));
            try
            {
                // A hang guard, not a timing claim: every statement here ends in milliseconds unless the engine loops.
                Assert.True(run.Wait(TimeSpan.FromSeconds(60)), $"the engine did not finish [{input.Text}]");
            }
            catch (AggregateException e) when (e.InnerException is DorisException)
            {
                // Refused as Doris would refuse it.
            }
            catch (AggregateException e)
            {
                Assert.Fail($"{e.InnerException!.GetType().Name} escaped the engine for [{input.Text}]:\n{e.InnerException}");
            }
        }
    }

    private static readonly Lazy<EngineHarness> Harness = new(() =>
    {
        var h = new EngineHarness();
        h.Sql("CREATE DATABASE db; USE db");
        foreach (var table in new[] { "t", "del", "orders", "t1", "t2" })
        {
            h.Sql($"CREATE TABLE {table} (k INT, v INT, id INT, amount INT) DUPLICATE KEY(k) DISTRIBUTED BY HASH(k) BUCKETS 1 PROPERTIES (\"replication_num\" = \"1\")");
        }

        return h;
    });

    [Theory]
    [InlineData("SELECT 1\0")]
    [InlineData("SELECT k FROM t LIMIT 5\0")]
    [InlineData("SELECT k FROM t WHERE k IN (1, 2) GROUP BY k HAVING k > 2 LIMIT 1050707\0")]
    [InlineData("SELECT '\0'")]
    public async Task A_nul_character_in_a_statement_ends_in_a_result_or_a_doris_error(string sql)
    {
        // Found by the property above: a trailing NUL made the engine loop forever.
        ParsesOrRefuses(sql);
        // Its own cluster: a statement that hangs holds the cluster's lock, which would stall every later case.
        using var harness = new EngineHarness();
        harness.Sql("CREATE DATABASE db; USE db");
        harness.Sql("CREATE TABLE t (k INT) DUPLICATE KEY(k) DISTRIBUTED BY HASH(k) BUCKETS 1 PROPERTIES (\"replication_num\" = \"1\")");
        try
        {
            // A hang guard, not a timing claim.
            await Task.Run(() => harness.Cluster.Execute(harness.Session, sql)).WaitAsync(TimeSpan.FromSeconds(60));
        }
        catch (DorisException)
        {
            // Refused as Doris would refuse it.
        }
    }

    [Theory]
    [InlineData("SELECT @@@@version_comment LIMIT 1")]
    [InlineData("SELECT $1, ?, :x")]
    public void Stray_parameter_markers_are_syntax_errors(string sql)
    {
        // Found by the property above: SQLite took these for unbound parameters and threw past the Doris error path.
        using var harness = new EngineHarness();
        var error = harness.Fails(sql);
        Assert.Equal((1064, "42000"), (error.ErrorCode, error.SqlState));
    }

    [Theory]
    [InlineData("SELECT 1 /* never closed")]
    [InlineData("/*")]
    [InlineData("SELECT 'unbalanced")]
    [InlineData("SELECT \"unbalanced")]
    [InlineData("SELECT `unbalanced")]
    [InlineData("SELECT 'a\\")]
    [InlineData("CREATE TABLE `t (k INT)")]
    [InlineData("INSERT INTO t VALUES ('a'), ('b)")]
    public void Unclosed_comments_and_unbalanced_quotes_are_syntax_errors(string sql)
    {
        var error = Assert.Throws<DorisException>(() => SqlParser.Parse(sql));
        Assert.True(error.ErrorCode is 1064 or 1105, $"{error.ErrorCode}: {error.Message}");
        Assert.StartsWith(DorisErrors.Prefix, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_1_mb_string_literal_parses()
    {
        var sql = $"INSERT INTO t VALUES (1, '{new string('x', 1024 * 1024)}')";
        var statement = Assert.Single(SqlParser.Parse(sql));
        Assert.Equal(sql, statement.Text);
    }

    [Fact]
    public void A_1_mb_list_of_values_parses()
    {
        var rows = string.Join(", ", Enumerable.Range(0, 100_000).Select(i => $"({i}, 'v')"));
        Assert.True(rows.Length > 1024 * 1024);
        Assert.Single(SqlParser.Parse($"INSERT INTO t VALUES {rows}"));
    }

    [Theory]
    [InlineData("(")]
    [InlineData("'")]
    [InlineData("`")]
    [InlineData("/*")]
    [InlineData("-")]
    public void A_1_mb_statement_of_one_repeated_fragment_parses_or_is_refused(string fragment)
    {
        var sql = "SELECT " + string.Concat(Enumerable.Repeat(fragment, 1024 * 1024 / fragment.Length));
        ParsesOrRefuses(sql);
    }

    private static void ParsesOrRefuses(string sql)
    {
        try
        {
            SqlParser.Parse(sql);
        }
        catch (DorisException)
        {
            // A Doris error is a valid answer to bad SQL.
        }
        catch (Exception e)
        {
            Assert.Fail($"{e.GetType().Name} escaped the parser for {Show(sql)}:\n{e}");
        }
    }

    private static string Show(string sql) => sql.Length <= 400 ? $"[{sql}]" : $"[{sql[..400]}…] ({sql.Length} chars)";
}

/// <summary>A real statement after a few random edits.</summary>
public sealed record MutatedSql(string Text)
{
    public override string ToString() => Text;
}

/// <summary>SQL-ish fragments in random order.</summary>
public sealed record TokenSoup(string Text)
{
    public override string ToString() => Text;
}

/// <summary>Generators for <see cref="SqlParserPropertyTests"/>.</summary>
public static class SqlInputs
{
    // Statements of the surface minidoris supports (see SqlSurfaceTests and the replication tests).
    private static readonly string[] Seeds =
    [
        "SELECT * FROM t ORDER BY k",
        "SELECT k, SUM(v) AS s FROM db.t WHERE v > 1 AND k IN (1, 2, 3) GROUP BY k HAVING s > 2 LIMIT 10",
        "SELECT 'a;b' /* ; */ FROM t; # trailing",
        "INSERT INTO `订单` VALUES (1, '苹果'), (2, 'it''s'), (3, \"say \\\"hi\\\"\")",
        "INSERT INTO agg VALUES (1, 20, 9, 2, 'second', NULL, 2.25)",
        "DELETE FROM del WHERE k = 1 OR v >= 3",
        "UPDATE t SET v = v + 1 WHERE k = 2",
        "CREATE DATABASE IF NOT EXISTS db1",
        "CREATE TABLE s (k INT NOT NULL, v VARCHAR(3)) DUPLICATE KEY(k) DISTRIBUTED BY HASH(k) BUCKETS 1 PROPERTIES (\"replication_num\" = \"1\")",
        "CREATE TABLE p (k INT, d DATE) UNIQUE KEY(k, d) PARTITION BY RANGE(d) (PARTITION p1 VALUES LESS THAN (\"2024-02-01\"), PARTITION p2 VALUES [(\"2024-02-01\"), (\"2024-03-01\"))) DISTRIBUTED BY HASH(k) BUCKETS 2 PROPERTIES (\"replication_num\" = \"1\", \"binlog.enable\" = \"true\")",
        "CREATE VIEW big_orders AS SELECT id, amount FROM orders WHERE amount > 5",
        "ALTER TABLE t1 ADD COLUMN c1 INT NULL COMMENT 'x'",
        "ALTER TABLE t1 ADD PARTITION p3 VALUES LESS THAN (30)",
        "ALTER TABLE t1 REPLACE PARTITION (p1) WITH TEMPORARY PARTITION (tp1)",
        "ALTER TABLE t1 RENAME COLUMN v v2",
        "ALTER TABLE t1_new REPLACE WITH TABLE t2 PROPERTIES (\"swap\" = \"true\")",
        "ALTER DATABASE src SET PROPERTIES (\"binlog.enable\" = \"true\")",
        "TRUNCATE TABLE t PARTITION (p1, p2)",
        "DROP TABLE IF EXISTS missing FORCE",
        "DROP DATABASE IF EXISTS nope",
        "GRANT SELECT_PRIV ON p.* TO 'u1'@'%'",
        "CREATE USER 'u1'@'%' IDENTIFIED BY 'pw'",
        "SHOW PROC '/dbs/'",
        "SHOW CREATE TABLE `db`.`t`",
        "SHOW TRANSACTION FROM db WHERE id = 42",
        "SHOW BACKUP FROM bk WHERE SnapshotName = \"snap1\"",
        "SHOW RESTORE FROM rs WHERE Label LIKE \"st%\"",
        "ADMIN SHOW FRONTEND CONFIG LIKE '%binlog%'",
        "ADMIN SET FRONTEND CONFIG (\"minidoris.fault.publish_timeout\" = \"hold\")",
        "BACKUP SNAPSHOT db.snap1 TO `__keep_on_local__` ON (`t` PARTITION (`p1`), `u`) PROPERTIES (\"type\" = \"full\")",
        "RESTORE SNAPSHOT db.snap1 FROM `__keep_on_local__` ON (`t`) PROPERTIES (\"backup_timestamp\" = \"2024-01-01-00-00-00\")",
        "USE `x;y`; SELECT 1; SET NAMES utf8mb4",
        "-- leading comment\nSELECT @@version_comment LIMIT 1",
        "SELECT DATABASE(), CURRENT_USER(), NOW()",
        "DESC orders",
    ];

    private static readonly string[] Fragments =
    [
        "'", "\"", "`", "/*", "*/", "--", "-- ", "#", ";", "(", ")", "[", "]", ",", ".", "\\", "\\'", "''", "``", "\0", "😀", "表",
        "\n", " ", "\t", "=", "<", ">", "<=", "!=", "@", "@@", "$", "?", "*", "+", "-", "1e999", "99999999999999999999999",
        "-0.", ".5e", "0x", "x'", "N'", "NULL", "SELECT", "FROM", "WHERE", "PARTITION", "PARTITIONS", "VALUES", "LESS THAN",
        "PROPERTIES", "KEY", "BY", "HASH", "BUCKETS", "AUTO", "TABLE", "DATABASE", "IF", "NOT", "EXISTS", "ON", "TO", "AS",
        "WITH", "TEMPORARY", "FORCE", "LIKE", "IN", "AND", "OR", "SHOW", "ADMIN", "SET", "CONFIG", "BACKUP", "RESTORE",
        "SNAPSHOT", "INSERT", "INTO", "CREATE", "ALTER", "DROP", "ADD", "COLUMN", "MODIFY", "RENAME", "REPLACE", "TRUNCATE",
        "GRANT", "USER", "IDENTIFIED", "VIEW", "ORDER", "GROUP", "LIMIT", "OFFSET", "INT", "VARCHAR(", "DECIMAL(10,", "DATE",
    ];

    private static Gen<string> Fragment => Gen.OneOf(
        Gen.Elements(Fragments),
        Gen.Choose(0, 0x2FF).Select(c => ((char)c).ToString()),
        Gen.Choose(0, 100_000).Select(n => n.ToString(System.Globalization.CultureInfo.InvariantCulture)));

    private static Gen<Func<string, string>> Mutation() => Gen.OneOf(
        // Cut at a random point.
        Gen.Choose(0, 1000).Select<int, Func<string, string>>(at => s => s[..Math.Min(at, s.Length)]),
        // Delete a span.
        Gen.Zip(Gen.Choose(0, 1000), Gen.Choose(1, 20)).Select<(int, int), Func<string, string>>(p => s =>
        {
            var at = Math.Min(p.Item1, s.Length);
            return s.Remove(at, Math.Min(p.Item2, s.Length - at));
        }),
        // Insert a fragment.
        Gen.Zip(Gen.Choose(0, 1000), Fragment).Select<(int, string), Func<string, string>>(p => s => s.Insert(Math.Min(p.Item1, s.Length), p.Item2)),
        // Repeat a span.
        Gen.Zip(Gen.Choose(0, 1000), Gen.Choose(1, 30)).Select<(int, int), Func<string, string>>(p => s =>
        {
            var at = Math.Min(p.Item1, s.Length);
            var span = s.Substring(at, Math.Min(p.Item2, s.Length - at));
            return s.Insert(at, span);
        }),
        // Swap two halves.
        Gen.Choose(0, 1000).Select<int, Func<string, string>>(at => s =>
        {
            var cut = Math.Min(at, s.Length);
            return s[cut..] + s[..cut];
        }));

    public static Arbitrary<MutatedSql> Mutated() =>
        Gen.Elements(Seeds)
            .SelectMany(seed => Gen.ListOf(Mutation(), 5).SelectMany(
                all => Gen.Choose(1, 5).Select(n => all.Take(n).Aggregate(seed, (sql, mutate) => mutate(sql)))))
            .Select(text => new MutatedSql(text))
            .ToArbitrary();

    public static Arbitrary<TokenSoup> Soup() =>
        Gen.Sized(size => Gen.ListOf(Fragment, Math.Max(1, size)))
            .Select(parts => new TokenSoup(new StringBuilder().AppendJoin(' ', parts).ToString()))
            .ToArbitrary();
}
