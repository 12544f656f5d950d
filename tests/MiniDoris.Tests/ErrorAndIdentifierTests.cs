namespace MiniDoris.Tests;

/// <summary>Doris error codes and texts, quoting, escapes and unicode names.</summary>
public sealed class ErrorAndIdentifierTests : IDisposable
{
    private readonly EngineHarness _h = new();

    public void Dispose() => _h.Dispose();

    [Fact]
    public void Errors_carry_MySQL_codes_and_Doris_texts()
    {
        var e = _h.Fails("USE nope");
        Assert.Equal(1049, e.ErrorCode);
        Assert.Equal("errCode = 2, detailMessage = Unknown database 'nope'", e.Message);

        Assert.Equal(1046, _h.Fails("CREATE TABLE t (k INT) DISTRIBUTED BY HASH(k) BUCKETS 1").ErrorCode);
        _h.Sql("CREATE DATABASE db1; USE db1");
        Assert.Equal(1007, _h.Fails("CREATE DATABASE db1").ErrorCode);
        _h.Sql("CREATE DATABASE IF NOT EXISTS db1");
        Assert.Equal(1008, _h.Fails("DROP DATABASE nope").ErrorCode);
        _h.Sql("DROP DATABASE IF EXISTS nope");

        const string Create = """CREATE TABLE t (k INT) DUPLICATE KEY(k) DISTRIBUTED BY HASH(k) BUCKETS 1 PROPERTIES ("replication_num" = "1")""";
        _h.Sql(Create);
        e = _h.Fails(Create);
        Assert.Equal(1050, e.ErrorCode);
        Assert.Equal("errCode = 2, detailMessage = Table 't' already exists", e.Message);
        _h.Sql(Create.Replace("CREATE TABLE", "CREATE TABLE IF NOT EXISTS", StringComparison.Ordinal));

        e = _h.Fails("ALTER TABLE missing ADD COLUMN c INT");
        Assert.Equal(1051, e.ErrorCode);
        Assert.Equal("errCode = 2, detailMessage = Unknown table 'missing'", e.Message);
        Assert.Equal(1109, _h.Fails("DROP TABLE missing").ErrorCode);
        _h.Sql("DROP TABLE IF EXISTS missing");

        e = _h.Fails("SELEC 1");
        Assert.Equal(1064, e.ErrorCode);
        Assert.StartsWith("errCode = 2, detailMessage = Syntax error in line 1:", e.Message);

        e = _h.Fails("SELECT * FROM missing");
        Assert.Equal(1105, e.ErrorCode);
        Assert.Equal("errCode = 2, detailMessage = Table [missing] does not exist in database [db1].", e.Message);
        Assert.Equal(1054, _h.Fails("SELECT nope FROM t").ErrorCode);

        e = _h.Fails("""CREATE TABLE t3 (k INT) DUPLICATE KEY(k) DISTRIBUTED BY HASH(k) BUCKETS 1""");
        Assert.Contains("Failed to find enough backend", e.Message);
        Assert.Contains("replication num: 3", e.Message);
        Assert.Contains("Key columns should be a ordered prefix of the schema",
            _h.Fails("""CREATE TABLE t4 (a INT, b INT) UNIQUE KEY(b) DISTRIBUTED BY HASH(b) BUCKETS 1 PROPERTIES ("replication_num" = "1")""").Message);
        Assert.Contains("Distribution column[v] is not key column",
            _h.Fails("""CREATE TABLE t5 (k INT, v INT) UNIQUE KEY(k) DISTRIBUTED BY HASH(v) BUCKETS 1 PROPERTIES ("replication_num" = "1")""").Message);
    }

    [Fact]
    public void Backquoted_unicode_names_work()
    {
        _h.Sql("CREATE DATABASE `数据库`; USE `数据库`");
        _h.Sql("""CREATE TABLE `订单` (`编号` INT, `名称` VARCHAR(30)) DUPLICATE KEY(`编号`) DISTRIBUTED BY HASH(`编号`) BUCKETS 1 PROPERTIES ("replication_num" = "1")""");
        _h.Sql("INSERT INTO `订单` VALUES (1, '苹果')");
        Assert.Equal(["1|苹果"], _h.Lines("SELECT `编号`, `名称` FROM `数据库`.`订单`"));
        Assert.Equal([["订单"]], _h.Rows("SHOW TABLES"));
        Assert.Contains("`编号` int NULL", _h.Rows("SHOW CREATE TABLE `订单`")[0][1]);
    }

    [Fact]
    public void Doubled_backquotes_are_parsed_and_Doris_rejects_such_table_names()
    {
        _h.Sql("CREATE DATABASE q; USE q");
        var e = _h.Fails("""CREATE TABLE `a``b` (k INT) DISTRIBUTED BY HASH(k) BUCKETS 1 PROPERTIES ("replication_num" = "1")""");
        Assert.Equal(1103, e.ErrorCode);
        Assert.Contains("Incorrect table name 'a`b'", e.Message);
        e = _h.Fails("""CREATE TABLE ok_t (`c``d` INT) DISTRIBUTED BY HASH(`c``d`) BUCKETS 1 PROPERTIES ("replication_num" = "1")""");
        Assert.Equal(1166, e.ErrorCode);
        Assert.Contains("Incorrect column name 'c`d'", e.Message);

        // Names that look like keywords or start with an underscore are fine when quoted or valid.
        _h.Sql("""CREATE TABLE `select` (`from` INT) DUPLICATE KEY(`from`) DISTRIBUTED BY HASH(`from`) BUCKETS 1 PROPERTIES ("replication_num" = "1")""");
        _h.Sql("""CREATE TABLE __ccr_t_1700000000 (k INT) DUPLICATE KEY(k) DISTRIBUTED BY HASH(k) BUCKETS 1 PROPERTIES ("replication_num" = "1")""");
        _h.Sql("INSERT INTO `select` VALUES (7)");
        Assert.Equal("7", _h.Scalar("SELECT `from` FROM `select`"));
    }

    [Fact]
    public void String_literal_escapes()
    {
        _h.Sql("CREATE DATABASE s; USE s");
        _h.Sql("""CREATE TABLE t (k INT, v VARCHAR(50)) DUPLICATE KEY(k) DISTRIBUTED BY HASH(k) BUCKETS 1 PROPERTIES ("replication_num" = "1")""");
        _h.Sql("""INSERT INTO t VALUES (1, 'it\'s'), (2, "say \"hi\""), (3, 'a''b'), (4, 'tab\there'), (5, 'back\\slash')""");
        Assert.Equal(["1|it's", "2|say \"hi\"", "3|a'b", "4|tab\there", "5|back\\slash"], _h.Lines("SELECT * FROM t ORDER BY k"));
        Assert.Equal("1", _h.Scalar("SELECT k FROM t WHERE v = 'it''s'"));
    }

    [Fact]
    public void Privileges_are_checked()
    {
        _h.Sql("CREATE DATABASE p; USE p");
        _h.Sql("""CREATE TABLE t (k INT) DUPLICATE KEY(k) DISTRIBUTED BY HASH(k) BUCKETS 1 PROPERTIES ("replication_num" = "1")""");
        _h.Sql("CREATE USER 'u1'@'%' IDENTIFIED BY 'pw'");
        Assert.True(_h.Cluster.CheckPassword("u1", "pw"));
        Assert.False(_h.Cluster.CheckPassword("u1", "bad"));
        var session = _h.Cluster.OpenSession("u1");
        // Refusals are asserted by Doris's code, SQLSTATE and message: an unrelated failure (a parse error, a
        // missing table) would throw the same exception type and pass a type-only check.
        AssertRefused(session, "SELECT * FROM p.t", 1142, "42000",
            "errCode = 2, detailMessage = SELECT command denied to user 'u1'@'%' for table 'internal: p.t'");
        _h.Sql("GRANT SELECT_PRIV ON p.* TO 'u1'@'%'");
        Assert.Empty(_h.Cluster.Execute(session, "SELECT * FROM p.t")[0].Rows);
        AssertRefused(session, "INSERT INTO p.t VALUES (1)", 1142, "42000",
            "errCode = 2, detailMessage = LOAD command denied to user 'u1'@'%' for table 'internal: p.t'");
        AssertRefused(session, "SHOW PROC '/dbs/'", 1227, "42000",
            "errCode = 2, detailMessage = Access denied; you need (at least one of) the (ADMIN) privilege(s) for this operation");
        foreach (var adminOnly in new[] { "SHOW BACKENDS", "SHOW FRONTENDS" })
        {
            AssertRefused(session, adminOnly, 1227, "42000",
                "errCode = 2, detailMessage = Access denied; you need (at least one of) the (ADMIN/NODE) privilege(s) for this operation");
        }

        foreach (var adminOnly in new[] { "ADMIN SHOW FRONTEND CONFIG LIKE '%binlog%'", "SHOW FRONTEND CONFIG LIKE '%binlog%'" })
        {
            AssertRefused(session, adminOnly, 1227, "42000",
                "errCode = 2, detailMessage = Access denied; you need (at least one of) the (ADMIN) privilege(s) for this operation");
        }

        _h.Sql("GRANT NODE_PRIV ON *.*.* TO 'u1'@'%'");
        Assert.NotEmpty(_h.Cluster.Execute(session, "SHOW BACKENDS")[0].Rows);
    }

    private void AssertRefused(Fe.Qe.SessionContext session, string sql, int code, string sqlState, string message)
    {
        var e = Assert.Throws<Fe.DorisException>(() => _h.Cluster.Execute(session, sql));
        Assert.Equal((code, sqlState, message), (e.ErrorCode, e.SqlState, e.Message));
    }
}
