using MiniDoris.Fe;
using MiniDoris.Fe.Catalog;
using MiniDoris.Fe.Sql;
using MiniDoris.Fe.Sql.Ast;

namespace MiniDoris.Tests;

/// <summary>The tokenizer and parser on their own: quoting, escapes, comments, statement splitting.</summary>
public sealed class SqlParserTests
{
    [Fact]
    public void Backquotes_double_and_keep_unicode()
    {
        var tokens = SqlTokenizer.Tokenize("SELECT `a``b`, `表`, 名字 FROM t");
        Assert.Equal(SqlTokenKind.QuotedIdentifier, tokens[1].Kind);
        Assert.Equal("a`b", tokens[1].Text);
        Assert.Equal("表", tokens[3].Text);
        Assert.Equal(SqlTokenKind.Word, tokens[5].Kind);
        Assert.Equal("名字", tokens[5].Text);
    }

    [Fact]
    public void Strings_unescape_like_Doris()
    {
        var tokens = SqlTokenizer.Tokenize(@"'a\'b' ""c\""d"" 'e''f' 'g\nh' 'x\%y'");
        Assert.Equal(["a'b", "c\"d", "e'f", "g\nh", "x\\%y"], tokens.Take(5).Select(t => t.Text));
        Assert.All(tokens.Take(5), t => Assert.Equal(SqlTokenKind.String, t.Kind));
    }

    [Fact]
    public void Comments_and_semicolons_inside_literals_do_not_split_statements()
    {
        var statements = SqlParser.Parse("""
            -- leading comment
            SELECT 'a;b' /* ; */ FROM t; # trailing
            USE `x;y`;;
            """);
        Assert.Equal(2, statements.Count);
        var select = Assert.IsType<SelectStmt>(statements[0]);
        Assert.Equal("SELECT 'a;b' /* ; */ FROM t", select.Text);
        Assert.Equal("x;y", Assert.IsType<UseStmt>(statements[1]).Db);
    }

    [Fact]
    public void Create_table_parses_the_Doris_clauses()
    {
        var stmt = Assert.IsType<CreateTableStmt>(SqlParser.ParseOne("""
            CREATE TABLE IF NOT EXISTS db1.t (
              k1 TINYINT NOT NULL COMMENT 'key',
              v1 DECIMALV3(12, 4) SUM DEFAULT "0.5",
              v2 DATETIME(3) REPLACE NULL DEFAULT CURRENT_TIMESTAMP
            ) ENGINE=olap AGGREGATE KEY(k1)
            PARTITION BY RANGE(k1) (PARTITION p0 VALUES [("-10"), ("0")), PARTITION p1 VALUES LESS THAN MAXVALUE)
            DISTRIBUTED BY HASH(k1) BUCKETS AUTO
            PROPERTIES ("replication_allocation" = "tag.location.default: 1")
            """));
        Assert.True(stmt.IfNotExists);
        Assert.Equal(new TableName("db1", "t"), stmt.Name);
        Assert.Equal(ColumnType.Decimal(12, 4), stmt.Columns[1].Type);
        Assert.Equal(AggregateType.SUM, stmt.Columns[1].Aggregation);
        Assert.Equal("0.5", stmt.Columns[1].DefaultValue);
        Assert.True(stmt.Columns[2].DefaultIsExpression);
        Assert.Equal(new ColumnType(PrimitiveType.DATETIMEV2, 0, 0, 3), stmt.Columns[2].Type);
        Assert.Equal(KeysType.AGG_KEYS, stmt.Keys!.Type);
        Assert.Equal(PartitionValuesKind.Fixed, stmt.Partition!.Partitions[0].Kind);
        Assert.Equal("-10", stmt.Partition.Partitions[0].Lower[0].Text);
        Assert.True(stmt.Partition.Partitions[1].Upper[0].IsMax);
        Assert.True(stmt.Distribution!.Auto);
    }

    [Fact]
    public void Add_partition_from_a_binlog_replays_with_the_syncers_suffix()
    {
        // What the syncer builds from an ADD_PARTITION binlog: its sql plus a distribution clause.
        var stmt = Assert.IsType<AlterTableStmt>(SqlParser.ParseOne(
            "ALTER TABLE `t` ADD PARTITION `p2` VALUES [(\"10\"), (\"20\")) (\"version_info\" = \"1\") DISTRIBUTED BY HASH(`k`) BUCKETS 3"));
        var add = Assert.IsType<AddPartitionClause>(Assert.Single(stmt.Clauses));
        Assert.Equal("p2", add.Partition.Name);
        Assert.Equal("version_info", add.Partition.Properties[0].Key);
        Assert.Equal(3, add.Distribution!.Buckets);
    }

    [Fact]
    public void Insert_values_keeps_literals_and_expressions()
    {
        var stmt = Assert.IsType<InsertStmt>(SqlParser.ParseOne("INSERT INTO t WITH LABEL l1 (a, b, c) VALUES (-1.50, 'x', now()), (DEFAULT, NULL, 1 + 2)"));
        Assert.Equal("l1", stmt.Label);
        Assert.Equal(-1.50m, stmt.Rows![0][0].Literal);
        Assert.Equal(InsertValueKind.Expression, stmt.Rows[0][2].Kind);
        Assert.Equal("now()", stmt.Rows[0][2].Expression!.Text);
        Assert.Equal(InsertValueKind.Default, stmt.Rows[1][0].Kind);
        Assert.Equal("1 + 2", stmt.Rows[1][2].Expression!.Text);
    }

    [Fact]
    public void Syntax_errors_point_at_the_token()
    {
        var e = Assert.Throws<DorisException>(() => SqlParser.Parse("CREATE TABLE t (k INT,)"));
        Assert.Equal(1064, e.ErrorCode);
        Assert.Contains("Encountered: )", e.Message);
        Assert.Throws<DorisException>(() => SqlParser.Parse("SELECT 'unclosed"));
        Assert.Throws<DorisException>(() => SqlParser.Parse("SELECT `unclosed"));
    }
}
