namespace MiniDoris.Tests;

/// <summary>The keys models and loads, after the Doris regression scenarios (UNIQUE overwrite, AGGREGATE folds, DUPLICATE, DELETE, TRUNCATE).</summary>
public sealed class DataModelTests : IDisposable
{
    private readonly EngineHarness _h = new();

    public DataModelTests()
    {
        _h.Sql("CREATE DATABASE regression_test; USE regression_test");
    }

    public void Dispose() => _h.Dispose();

    [Fact]
    public void Duplicate_keeps_every_row()
    {
        _h.Sql("""
            CREATE TABLE dup (k1 INT, k2 INT, v VARCHAR(20)) DUPLICATE KEY(k1, k2)
            DISTRIBUTED BY HASH(k1) BUCKETS 2 PROPERTIES ("replication_num" = "1")
            """);
        _h.Sql("INSERT INTO dup VALUES (1, 1, 'a'), (1, 1, 'a'), (2, 2, 'b')");
        _h.Sql("INSERT INTO dup VALUES (1, 1, 'c')");
        Assert.Equal(["1|1|a", "1|1|a", "1|1|c", "2|2|b"], _h.Lines("SELECT * FROM dup ORDER BY k1, k2, v"));
        Assert.Equal("4", _h.Scalar("SELECT count(*) FROM dup"));
    }

    [Fact]
    public void Unique_keeps_the_newest_row_per_key()
    {
        _h.Sql("""
            CREATE TABLE uniq (k INT, v1 VARCHAR(20), v2 INT) UNIQUE KEY(k)
            DISTRIBUTED BY HASH(k) BUCKETS 3 PROPERTIES ("replication_num" = "1")
            """);
        _h.Sql("INSERT INTO uniq VALUES (1, 'a', 10), (2, 'b', 20), (3, 'c', 30)");
        _h.Sql("INSERT INTO uniq VALUES (1, 'aa', 11), (3, NULL, 33)");
        // Within one load the last row of a key wins too.
        _h.Sql("INSERT INTO uniq VALUES (2, 'x', 1), (2, 'y', 2)");
        Assert.Equal(["1|aa|11", "2|y|2", "3|\\N|33"], _h.Lines("SELECT * FROM uniq ORDER BY k"));
    }

    [Fact]
    public void Aggregate_folds_each_value_column_with_its_function()
    {
        _h.Sql("""
            CREATE TABLE agg (
              k INT,
              s BIGINT SUM,
              mx INT MAX,
              mn INT MIN,
              r VARCHAR(10) REPLACE,
              rn VARCHAR(10) REPLACE_IF_NOT_NULL NULL,
              d DECIMAL(10, 2) SUM
            ) AGGREGATE KEY(k) DISTRIBUTED BY HASH(k) BUCKETS 2 PROPERTIES ("replication_num" = "1")
            """);
        _h.Sql("INSERT INTO agg VALUES (1, 10, 5, 5, 'first', 'keep', 1.10), (2, 1, 1, 1, 'x', 'y', 0.01)");
        _h.Sql("INSERT INTO agg VALUES (1, 20, 9, 2, 'second', NULL, 2.25)");
        _h.Sql("INSERT INTO agg VALUES (1, 5, 7, 3, 'third', NULL, 0.65)");
        Assert.Equal(["1|35|9|2|third|keep|4.00", "2|1|1|1|x|y|0.01"], _h.Lines("SELECT * FROM agg ORDER BY k"));
    }

    [Fact]
    public void Delete_hides_older_rows_but_not_later_ones()
    {
        _h.Sql("""
            CREATE TABLE del (k INT, v INT) DUPLICATE KEY(k)
            DISTRIBUTED BY HASH(k) BUCKETS 2 PROPERTIES ("replication_num" = "1")
            """);
        _h.Sql("INSERT INTO del VALUES (1, 1), (2, 2), (3, 3)");
        _h.Sql("DELETE FROM del WHERE k = 1 OR v >= 3");
        Assert.Equal(["2|2"], _h.Lines("SELECT * FROM del ORDER BY k"));
        _h.Sql("INSERT INTO del VALUES (1, 100)");
        Assert.Equal(["1|100", "2|2"], _h.Lines("SELECT * FROM del ORDER BY k"));
    }

    [Fact]
    public void Delete_on_aggregate_value_column_is_refused()
    {
        _h.Sql("""
            CREATE TABLE agg_del (k INT, v INT SUM) AGGREGATE KEY(k)
            DISTRIBUTED BY HASH(k) BUCKETS 1 PROPERTIES ("replication_num" = "1")
            """);
        var e = _h.Fails("DELETE FROM agg_del WHERE v = 1");
        Assert.Contains("delete predicate on value column only supports Unique table with merge-on-write enabled and Duplicate table", e.Message);
    }

    [Fact]
    public void Delete_with_unknown_column_fails()
    {
        _h.Sql("CREATE TABLE d2 (k INT, v INT) DUPLICATE KEY(k) DISTRIBUTED BY HASH(k) BUCKETS 1 PROPERTIES (\"replication_num\" = \"1\")");
        var e = _h.Fails("DELETE FROM d2 WHERE nope = 1");
        Assert.Equal(1054, e.ErrorCode);
        Assert.Contains("Unknown column 'nope'", e.Message);
    }

    [Fact]
    public void Truncate_empties_the_table_with_new_partitions_at_version_one()
    {
        _h.Sql("""
            CREATE TABLE tr (k INT, v INT) DUPLICATE KEY(k)
            PARTITION BY RANGE(k) (PARTITION p1 VALUES LESS THAN (10), PARTITION p2 VALUES LESS THAN (20))
            DISTRIBUTED BY HASH(k) BUCKETS 2 PROPERTIES ("replication_num" = "1")
            """);
        _h.Sql("INSERT INTO tr VALUES (1, 1), (15, 15)");
        var idsBefore = _h.Rows("SHOW PARTITIONS FROM tr").Select(r => r[0]).ToList();
        _h.Sql("TRUNCATE TABLE tr PARTITIONS (p1)");
        Assert.Equal(["15|15"], _h.Lines("SELECT * FROM tr"));
        var after = _h.Rows("SHOW PARTITIONS FROM tr");
        Assert.NotEqual(idsBefore[0], after[0][0]);
        Assert.Equal(idsBefore[1], after[1][0]);
        Assert.Equal("1", after[0][2]);
        Assert.Equal("2", after[1][2]);
        _h.Sql("TRUNCATE TABLE tr");
        Assert.Equal("0", _h.Scalar("SELECT count(*) FROM tr"));
    }

    [Fact]
    public void Range_partitions_route_rows_and_bump_one_version_per_load()
    {
        _h.Sql("""
            CREATE TABLE rp (dt DATE, k INT, v INT) DUPLICATE KEY(dt, k)
            PARTITION BY RANGE(dt) (
              PARTITION p202401 VALUES [('2024-01-01'), ('2024-02-01')),
              PARTITION p202402 VALUES LESS THAN ('2024-03-01'))
            DISTRIBUTED BY HASH(k) BUCKETS 2 PROPERTIES ("replication_num" = "1")
            """);
        _h.Sql("INSERT INTO rp VALUES ('2024-01-05', 1, 1), ('2024-01-06', 2, 2)");
        _h.Sql("INSERT INTO rp VALUES ('2024-02-05', 3, 3)");
        var parts = _h.Rows("SHOW PARTITIONS FROM rp");
        Assert.Equal("p202401", parts[0][1]);
        Assert.Equal("2", parts[0][2]);
        Assert.Equal("[types: [DATEV2]; keys: [2024-01-01]; ..types: [DATEV2]; keys: [2024-02-01]; )", parts[0][6]);
        Assert.Equal("2", parts[1][2]);
        Assert.Equal("[types: [DATEV2]; keys: [2024-02-01]; ..types: [DATEV2]; keys: [2024-03-01]; )", parts[1][6]);
        var e = _h.Fails("INSERT INTO rp VALUES ('2025-01-01', 9, 9)");
        Assert.Contains("no partition for this tuple", e.Message);
        Assert.Equal(["2024-01-05|1|1", "2024-01-06|2|2", "2024-02-05|3|3"], _h.Lines("SELECT * FROM rp ORDER BY k"));
        Assert.Equal("2", _h.Scalar("SELECT count(*) FROM rp WHERE dt < '2024-02-01'"));
    }

    [Fact]
    public void First_less_than_partition_starts_at_the_type_minimum()
    {
        _h.Sql("""
            CREATE TABLE lt (k INT, v INT) DUPLICATE KEY(k)
            PARTITION BY RANGE(k) (PARTITION p1 VALUES LESS THAN ("100"), PARTITION p2 VALUES LESS THAN MAXVALUE)
            DISTRIBUTED BY HASH(k) BUCKETS 1 PROPERTIES ("replication_num" = "1")
            """);
        var parts = _h.Rows("SHOW PARTITIONS FROM lt");
        Assert.Equal("[types: [INT]; keys: [-2147483648]; ..types: [INT]; keys: [100]; )", parts[0][6]);
        Assert.Equal("[types: [INT]; keys: [100]; ..types: [INT]; keys: [MAXVALUE]; )", parts[1][6]);
    }

    [Fact]
    public void List_partitions()
    {
        _h.Sql("""
            CREATE TABLE lp (city VARCHAR(20), k INT) DUPLICATE KEY(city)
            PARTITION BY LIST(city) (PARTITION p_bj VALUES IN ("beijing", "tianjin"), PARTITION p_sh VALUES IN ("shanghai"))
            DISTRIBUTED BY HASH(k) BUCKETS 1 PROPERTIES ("replication_num" = "1")
            """);
        _h.Sql("INSERT INTO lp VALUES ('beijing', 1), ('shanghai', 2), ('tianjin', 3)");
        var parts = _h.Rows("SHOW PARTITIONS FROM lp");
        Assert.Equal("[types: [VARCHAR]; keys: [beijing]; , types: [VARCHAR]; keys: [tianjin]; ]", parts[0][6]);
        Assert.Equal("2", parts[0][2]);
        Assert.Contains("no partition for this tuple", _h.Fails("INSERT INTO lp VALUES ('hangzhou', 4)").Message);
    }

    [Fact]
    public void Insert_select_and_insert_overwrite()
    {
        _h.Sql("CREATE TABLE src (k INT, v INT) DUPLICATE KEY(k) DISTRIBUTED BY HASH(k) BUCKETS 2 PROPERTIES (\"replication_num\" = \"1\")");
        _h.Sql("CREATE TABLE dst (k INT, v INT) UNIQUE KEY(k) DISTRIBUTED BY HASH(k) BUCKETS 2 PROPERTIES (\"replication_num\" = \"1\")");
        _h.Sql("INSERT INTO src VALUES (1, 10), (2, 20), (3, 30)");
        var ok = _h.Sql("INSERT INTO dst SELECT k, v * 2 FROM src WHERE k < 3");
        Assert.Equal(2, ok.AffectedRows);
        Assert.Contains("'status':'VISIBLE'", ok.Info);
        Assert.Equal(["1|20", "2|40"], _h.Lines("SELECT * FROM dst ORDER BY k"));
        _h.Sql("INSERT OVERWRITE TABLE dst SELECT k, v FROM src WHERE k = 3");
        Assert.Equal(["3|30"], _h.Lines("SELECT * FROM dst ORDER BY k"));
        Assert.Equal("dst", _h.Rows("SHOW PARTITIONS FROM dst")[0][1]);
        Assert.Empty(_h.Rows("SHOW TEMPORARY PARTITIONS FROM dst"));
    }

    [Fact]
    public void Strict_mode_filters_bad_values()
    {
        _h.Sql("CREATE TABLE s (k INT NOT NULL, v VARCHAR(3)) DUPLICATE KEY(k) DISTRIBUTED BY HASH(k) BUCKETS 1 PROPERTIES (\"replication_num\" = \"1\")");
        Assert.Contains("Insert has filtered data in strict mode", _h.Fails("INSERT INTO s VALUES (1, 'toolong')").Message);
        Assert.Contains("Insert has filtered data in strict mode", _h.Fails("INSERT INTO s VALUES ('abc', 'x')").Message);
        Assert.Contains("Insert has filtered data in strict mode", _h.Fails("INSERT INTO s VALUES (NULL, 'x')").Message);
        Assert.Equal(1058, _h.Fails("INSERT INTO s VALUES (1)").ErrorCode);
        Assert.Equal("0", _h.Scalar("SELECT count(*) FROM s"));
    }

    [Fact]
    public void Column_list_defaults_and_expressions()
    {
        _h.Sql("""
            CREATE TABLE dflt (k INT, v INT DEFAULT "7", s VARCHAR(10) NULL, t DATETIME DEFAULT CURRENT_TIMESTAMP)
            DUPLICATE KEY(k) DISTRIBUTED BY HASH(k) BUCKETS 1 PROPERTIES ("replication_num" = "1")
            """);
        _h.Sql("INSERT INTO dflt (k, s) VALUES (1, concat('a', 'b')), (2 + 3, DEFAULT)");
        Assert.Equal(["1|7|ab|2024-05-01 12:00:00", "5|7|\\N|2024-05-01 12:00:00"], _h.Lines("SELECT * FROM dflt ORDER BY k"));
    }

    [Fact]
    public void Types_round_trip_with_Doris_formatting()
    {
        _h.Sql("""
            CREATE TABLE types (
              k BIGINT, b BOOLEAN, ti TINYINT, si SMALLINT, li LARGEINT, f FLOAT, d DOUBLE, dec DECIMAL(12, 3),
              c CHAR(5), s STRING, dt DATE, ts DATETIME(3)
            ) DUPLICATE KEY(k) DISTRIBUTED BY HASH(k) BUCKETS 1 PROPERTIES ("replication_num" = "1")
            """);
        _h.Sql("INSERT INTO types VALUES (1, true, -5, 300, 170141183460469231731687303715884105727, 1.5, 2.25, 3.1, 'ab', 'long text', '2024-02-29', '2024-02-29 10:11:12.345')");
        Assert.Equal(
            ["1|1|-5|300|170141183460469231731687303715884105727|1.5|2.25|3.100|ab|long text|2024-02-29|2024-02-29 10:11:12.345"],
            _h.Lines("SELECT * FROM types"));
    }
}
