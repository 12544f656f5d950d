using Syncer.Doris.Binlog.Records;
using Syncer.Engine.Binlogs;

namespace Syncer.Tests.Engine.Binlogs;

/// <summary>The pure statement builders, fed the payload shapes of docs/binlog-handlers.md and awkward names.</summary>
public sealed class StatementBuilderTests
{
    private static AddPartitionRecord AddPartition(string json) => BinlogJson.Deserialize<AddPartitionRecord>(json);

    [Fact]
    public void Add_partition_of_a_Doris_2_1_payload_gets_hash_distribution_and_buckets()
    {
        var record = AddPartition("""
            {"dbId":10,"tableId":20,"sql":"ADD PARTITION `p2` VALUES [('2024-01-01'), ('2024-02-01')) (\"version_info\" = \"1\");","isTempPartition":false,
             "partition":{"distributionInfo":{"type":"HASH","bucketNum":4,"distributionColumns":[{"name":"k1"}]}}}
            """);
        Assert.Equal("ALTER TABLE `dst`.`t2` ADD PARTITION `p2` VALUES [('2024-01-01'), ('2024-02-01')) (\"version_info\" = \"1\") DISTRIBUTED BY HASH(`k1`) BUCKETS 4",
            AddPartitionStatement.Build(record, "dst", "t2"));
        Assert.Equal("p2", AddPartitionStatement.PartitionName(record));
    }

    [Fact]
    public void Add_partition_reads_dorises_short_distribution_name_and_random_distribution()
    {
        var record = AddPartition("""{"tableId":20,"sql":"ADD PARTITION `p` VALUES LESS THAN ('5')","partition":{"di":{"type":"RANDOM","bucketNum":3}}}""");
        Assert.Equal("ALTER TABLE `d`.`t` ADD PARTITION `p` VALUES LESS THAN ('5') DISTRIBUTED BY RANDOM BUCKETS 3", AddPartitionStatement.Build(record, "d", "t"));
    }

    [Fact]
    public void Add_partition_keeps_explicit_buckets_and_replaces_buckets_auto()
    {
        var explicitBuckets = AddPartition("""{"tableId":1,"sql":"ADD PARTITION p VALUES LESS THAN ('5') DISTRIBUTED BY HASH(k) BUCKETS 7;","partition":{"distributionInfo":{"bucketNum":4}}}""");
        Assert.Equal("ALTER TABLE `d`.`t` ADD PARTITION p VALUES LESS THAN ('5') DISTRIBUTED BY HASH(k) BUCKETS 7", AddPartitionStatement.Build(explicitBuckets, "d", "t"));

        var auto = AddPartition("""{"tableId":1,"sql":"ADD PARTITION p VALUES LESS THAN ('5') DISTRIBUTED BY HASH(k) BUCKETS AUTO","partition":{"distributionInfo":{"type":"HASH","bucketNum":6,"distributionColumns":[{"name":"k"}]}}}""");
        Assert.Equal("ALTER TABLE `d`.`t` ADD PARTITION p VALUES LESS THAN ('5') DISTRIBUTED BY HASH(k) BUCKETS 6", AddPartitionStatement.Build(auto, "d", "t"));
    }

    [Fact]
    public void Keywords_inside_names_and_literals_are_not_mistaken_for_the_statements_own()
    {
        var record = AddPartition("""
            {"tableId":1,"sql":"ADD PARTITION `p BUCKETS 9` VALUES IN ('DISTRIBUTED BY x')",
             "partition":{"distributionInfo":{"type":"HASH","bucketNum":2,"distributionColumns":[{"name":"c`1"},{"name":"列"}]}}}
            """);
        Assert.Equal("ALTER TABLE `d``b`.`表` ADD PARTITION `p BUCKETS 9` VALUES IN ('DISTRIBUTED BY x') DISTRIBUTED BY HASH(`c``1`, `列`) BUCKETS 2",
            AddPartitionStatement.Build(record, "d`b", "表"));
        Assert.Equal("p BUCKETS 9", AddPartitionStatement.PartitionName(record));
    }

    [Fact]
    public void Add_partition_repairs_the_output_of_old_fes()
    {
        var unpartitioned = AddPartition("""{"tableId":1,"sql":"ADD PARTITION `t` VALUES [(), ()) (\"version_info\" = \"1\");","partition":{"distributionInfo":{"type":"HASH","bucketNum":1,"distributionColumns":[{"name":"id"}]}}}""");
        Assert.Equal("ALTER TABLE `d`.`t` ADD PARTITION `t` DISTRIBUTED BY HASH(`id`) BUCKETS 1", AddPartitionStatement.Build(unpartitioned, "d", "t"));

        var list = AddPartition("""{"tableId":1,"sql":"ADD PARTITION `p` VALUES IN ((('a'), ('b'))) (\"version_info\" = \"1\")","partition":{"distributionInfo":{"type":"RANDOM","bucketNum":1}}}""");
        Assert.Equal("ALTER TABLE `d`.`t` ADD PARTITION `p` VALUES IN (('a'), ('b')) (\"version_info\" = \"1\") DISTRIBUTED BY RANDOM BUCKETS 1",
            AddPartitionStatement.Build(list, "d", "t"));

        var temp = AddPartition("""{"tableId":1,"isTempPartition":true,"sql":"ADD PARTITION `tp` VALUES LESS THAN ('1')","partition":{"distributionInfo":{"type":"RANDOM","bucketNum":1}}}""");
        Assert.Equal("ALTER TABLE `d`.`t` ADD TEMPORARY PARTITION `tp` VALUES LESS THAN ('1') DISTRIBUTED BY RANDOM BUCKETS 1", AddPartitionStatement.Build(temp, "d", "t"));
    }

    [Fact]
    public void Drop_partition_uses_the_records_sql_or_builds_one_from_its_fields()
    {
        var record = BinlogJson.Deserialize<DropPartitionInfo>("""{"tableId":20,"sql":"DROP PARTITION `p1`","isTempPartition":false}""");
        Assert.Equal("ALTER TABLE `d`.`t` DROP PARTITION `p1`", DropPartitionStatement.Build(record, "d", "t"));
        Assert.Equal("p1", DropPartitionStatement.PartitionName(record));

        var bare = new DropPartitionInfo { TableId = 1, PartitionName = "p`x", ForceDrop = true };
        Assert.Equal("ALTER TABLE `d`.`t` DROP PARTITION `p``x` FORCE", DropPartitionStatement.Build(bare, "d", "t"));
        Assert.Equal("p x", DropPartitionStatement.PartitionName(new DropPartitionInfo { Sql = "DROP PARTITION IF EXISTS `p x` FORCE" }));
    }

    [Theory]
    [InlineData("ALTER TABLE `src`.`t2` ADD COLUMN `c9` int NULL", "ALTER TABLE `dst`.`tgt` ADD COLUMN `c9` int NULL")]
    [InlineData("ALTER TABLE `default_cluster:src`.`t2` DROP COLUMN `c`;", "ALTER TABLE `dst`.`tgt` DROP COLUMN `c`")]
    [InlineData("alter table t2 add column c int", "alter table `dst`.`tgt` add column c int")]
    [InlineData("ALTER TABLE `internal`.`src`.`t``x` ADD COLUMN `列` varchar(10) NULL COMMENT \"ALTER TABLE `y`\"",
        "ALTER TABLE `dst`.`tgt` ADD COLUMN `列` varchar(10) NULL COMMENT \"ALTER TABLE `y`\"")]
    [InlineData("ALTER TABLE `src`.`t` ADD COLUMN `v` int REPLACE_IF_NOT_NULL NULL DEFAULT \"null\" COMMENT \"\"",
        "ALTER TABLE `dst`.`tgt` ADD COLUMN `v` int REPLACE_IF_NOT_NULL NULL DEFAULT NULL COMMENT \"\"")]
    public void Light_schema_change_sql_points_at_the_target_table(string rawSql, string expected) =>
        Assert.Equal(expected, LightSchemaChangeStatement.Build(rawSql, "dst", "tgt"));

    [Fact]
    public void Light_schema_change_sql_that_is_not_an_alter_table_is_refused()
    {
        Assert.Throws<FormatException>(() => LightSchemaChangeStatement.Build("CREATE INDEX i ON t (c)", "d", "t"));
        Assert.Equal("ALTER TABLE `d``1`.`t 2` ADD COLUMN c int", LightSchemaChangeStatement.Build("ALTER TABLE x ADD COLUMN c int", "d`1", "t 2"));
    }

    [Fact]
    public void Light_schema_change_replay_check_compares_visible_columns_in_order()
    {
        var record = BinlogJson.Deserialize<TableAddOrDropColumnsInfo>("""
            {"tableId":1,"rawSql":"x","indexSchemaMap":{"22":[{"name":"k"},{"name":"c9"},{"name":"__DORIS_DELETE_SIGN__"}]}}
            """);
        Assert.True(LightSchemaChangeStatement.SchemaMatches(record, ["k", "c9"]));
        Assert.False(LightSchemaChangeStatement.SchemaMatches(record, ["k"]));
        Assert.False(LightSchemaChangeStatement.SchemaMatches(record, ["c9", "k"]));
    }

    [Fact]
    public void Truncate_adds_the_partitions_clause_when_there_is_one()
    {
        var record = BinlogJson.Deserialize<TruncateTableRecord>("""{"dbId":10,"db":"src","tblId":20,"table":"t2","isEntireTable":false,"rawSql":"PARTITIONS (p1)"}""");
        Assert.Equal("TRUNCATE TABLE `dst`.`t``3` PARTITIONS (p1)", TruncateTableStatement.Build(record, "dst", "t`3"));
        Assert.Equal("TRUNCATE TABLE `dst`.`t`", TruncateTableStatement.Build(new TruncateTableRecord { TblId = 20 }, "dst", "t"));
    }

    [Fact]
    public void Rename_column_and_partition_quote_every_name()
    {
        var record = BinlogJson.Deserialize<TableRenameColumnInfo>("""{"dbId":10,"tableId":20,"colName":"a","newColName":"b`列","indexIdToSchemaVersion":{"22":3}}""");
        Assert.Equal("ALTER TABLE `d`.`t` RENAME COLUMN `a` `b``列`", RenameColumnStatement.Build(record, "d", "t"));
        Assert.Equal("ALTER TABLE `d`.`t` RENAME PARTITION `p_old` `p``new`", RenamePartitionStatement.Build("p_old", "p`new", "d", "t"));
    }

    [Fact]
    public void Comments_are_string_literals_whatever_they_contain()
    {
        var table = BinlogJson.Deserialize<ModifyCommentOperationLog>("""{"type":"TABLE","dbId":10,"tblId":20,"tblComment":"it's \"orders\" \\ 表"}""");
        Assert.Equal("ALTER TABLE `d`.`t` MODIFY COMMENT 'it''s \"orders\" \\\\ 表'", ModifyCommentStatement.Build(table, "d", "t"));

        var columns = new ModifyCommentOperationLog { Type = "COLUMN", TblId = 20, ColToComment = new() { ["c2"] = "two", ["c`1"] = "one" } };
        Assert.Equal("ALTER TABLE `d`.`t` MODIFY COLUMN `c2` COMMENT 'two', MODIFY COLUMN `c``1` COMMENT 'one'", ModifyCommentStatement.Build(columns, "d", "t"));
        Assert.Null(ModifyCommentStatement.Build(new ModifyCommentOperationLog { Type = "COLUMN", TblId = 1 }, "d", "t"));
    }

    [Fact]
    public void Table_properties_come_from_the_map_not_the_sql_and_leave_source_only_keys_out()
    {
        var record = BinlogJson.Deserialize<ModifyTablePropertyOperationLog>("""
            {"dbId":10,"tableId":20,"tableName":"t2","properties":{"replication_num":"1","binlog.ttl_seconds":"60","is_being_synced":"false","k'x":"v\"y"},"sql":"SET (replication_num=1)"}
            """);
        Assert.Equal("ALTER TABLE `d`.`t` SET ('k''x' = 'v\"y', 'replication_num' = '1')", ModifyTablePropertyStatement.Build(record, "d", "t"));
        Assert.Null(ModifyTablePropertyStatement.Build(new ModifyTablePropertyOperationLog { Properties = new() { ["binlog.enable"] = "true" } }, "d", "t"));
    }
}
