using System.Text.Json.Nodes;
using Syncer.Doris.Binlog.Records;
using Syncer.Doris.Thrift;
using Syncer.Engine;
using Syncer.Engine.Binlogs;
using Syncer.Engine.Database;
using Syncer.Engine.FullSync;
using Syncer.Jobs;

namespace Syncer.Tests.Engine.Database;

/// <summary>The pure parts of database jobs: snapshot contents, the snapshot filter, the table map and statement rewrites.</summary>
public sealed class DatabaseSyncLogicTests
{
    [Fact]
    public void A_snapshot_lists_tables_and_views_and_resumes_at_the_smallest_table_seq()
    {
        var jobInfo = JsonNode.Parse("""
            {"backup_objects":{"t1":{"id":11,"partitions":{}},"t2":{"id":12,"partitions":{}}},
             "new_backup_objects":{"views":[{"id":13,"name":"v1"}]},
             "table_commit_seq_map":{"11":105,"12":103}}
            """)!.AsObject();
        var data = DbSnapshotSteps.Describe(jobInfo, snapshotSeq: 100);
        Assert.Equal(103, data.CommitSeq);
        Assert.Equal(new Dictionary<long, long> { [11] = 105, [12] = 103 }, data.TableCommitSeqMap);
        Assert.Equal(["t1#11", "t2#12", "v1#13 view"], data.Tables.Select(t => $"{t.Name}#{t.Id}{(t.IsView ? " view" : "")}"));
    }

    [Fact]
    public void A_snapshot_of_views_only_resumes_at_the_snapshot_seq()
    {
        var jobInfo = JsonNode.Parse("""{"backup_objects":{},"new_backup_objects":{"views":[{"id":13,"name":"v1"}]}}""")!.AsObject();
        Assert.Equal(100, DbSnapshotSteps.Describe(jobInfo, snapshotSeq: 100).CommitSeq);
    }

    [Theory]
    [InlineData(104, new long[] { 11 }, true)]
    [InlineData(105, new long[] { 11 }, true)]
    [InlineData(106, new long[] { 11 }, false)]
    [InlineData(104, new long[] { 11, 12 }, false)] // t2's snapshot (103) does not hold it
    [InlineData(104, new long[] { 99 }, false)] // a table created after the backup
    [InlineData(104, new long[0], false)] // database-level binlogs are never filtered
    public void Binlogs_inside_every_touched_tables_snapshot_are_filtered(long seq, long[] tables, bool inside)
    {
        var progress = new JobProgress { SyncState = SyncState.DBTablesIncrementalSync, TableCommitSeqMap = new() { [11] = 105, [12] = 103 } };
        Assert.Equal(inside, IncrementalStep.InsideSnapshot(progress, new TBinlog { CommitSeq = seq, TableIds = [.. tables] }));
    }

    [Theory]
    [InlineData(104, "DBTablesIncrementalSync")]
    [InlineData(105, "DBIncrementalSync")]
    [InlineData(106, "DBIncrementalSync")]
    public void Tables_incremental_sync_ends_once_everything_up_to_the_largest_table_seq_is_applied(long applied, string state)
    {
        var progress = new JobProgress { SyncState = SyncState.DBTablesIncrementalSync, TableCommitSeqMap = new() { [11] = 105, [12] = 103 } };
        var next = IncrementalStep.LeaveTablesIncremental(progress, applied);
        Assert.Equal(state, JobStateNames.Of(next.SyncState));
        Assert.Equal(next.SyncState == SyncState.DBIncrementalSync, next.TableCommitSeqMap is null);
        // Other states are left alone.
        var plain = new JobProgress { SyncState = SyncState.DBPartialSync, TableCommitSeqMap = new() { [11] = 105 } };
        Assert.Same(plain, IncrementalStep.LeaveTablesIncremental(plain, applied));
    }

    [Fact]
    public void The_table_map_keeps_names_and_ids_together()
    {
        var p = DbTableMap.Map(new JobProgress(), 11, "t1", 21);
        p = DbTableMap.Map(p, 12, "t2", 22);
        p = DbTableMap.Map(p, 11, "t1_renamed", 21);
        p = DbTableMap.Unmap(p, 12);
        Assert.Equal(new Dictionary<long, string> { [11] = "t1_renamed" }, p.TableNames);
        Assert.Equal(new Dictionary<long, long> { [11] = 21 }, p.TableMapping);
    }

    [Fact]
    public void Internal_restore_tables_are_never_in_a_database_job()
    {
        var job = new JobInfo { SyncType = SyncType.DbSync };
        Assert.True(JobTableScope.Includes(job, "orders"));
        Assert.False(JobTableScope.Includes(job, "__doris_atomic_restore_prefix__orders"));
        Assert.False(JobTableScope.Includes(job, "__ccr_orders_1700000000"));
        Assert.False(JobTableScope.Includes(new JobInfo { SyncType = SyncType.TableSync, Src = new ClusterSpec { Table = "a" } }, "b"));
    }

    [Fact]
    public void Create_table_is_qualified_with_the_target_database()
    {
        var parsed = CreateTableStatement.Build("CREATE TABLE `orders` (\n  `id` int NULL\n) ENGINE=OLAP DUPLICATE KEY(`id`);", "src", "dst");
        Assert.Equal("CREATE TABLE `dst`.`orders` (\n  `id` int NULL\n) ENGINE=OLAP DUPLICATE KEY(`id`)", parsed.Sql);
        Assert.Equal("orders", parsed.Name);
        Assert.False(parsed.IsView);
        Assert.Equal("CREATE TABLE IF NOT EXISTS `dst`.`a``b` (x int)", CreateTableStatement.Build("CREATE TABLE IF NOT EXISTS `a``b` (x int)", "s", "dst").Sql);
    }

    [Fact]
    public void A_view_reads_the_target_database()
    {
        var parsed = CreateTableStatement.Build(
            "CREATE VIEW `v` AS SELECT `internal`.`src`.`t`.`id` FROM `internal`.`src`.`t` JOIN `default_cluster:src`.`u`;", "src", "dst");
        Assert.True(parsed.IsView);
        Assert.Equal("CREATE VIEW `dst`.`v` AS SELECT `internal`.`dst`.`t`.`id` FROM `internal`.`dst`.`t` JOIN `internal`.`dst`.`u`", parsed.Sql);
        // Another database's tables, or a table named like the source database, are left alone.
        Assert.Equal("SELECT * FROM `internal`.`other`.`src`", ViewDefinition.Rewrite("SELECT * FROM `internal`.`other`.`src`", "src", "dst"));
    }

    [Fact]
    public void Not_a_create_statement_is_refused()
    {
        Assert.Throws<FormatException>(() => CreateTableStatement.Build("DROP TABLE t", "s", "d"));
    }

    [Fact]
    public void Inverted_index_changes_are_built_from_the_index_objects()
    {
        var add = new TableAddOrDropInvertedIndicesInfo
        {
            TableId = 1,
            AlterInvertedIndexes = [new IndexJson { IndexName = "idx", Columns = ["v"], IndexType = "INVERTED", Properties = new() { ["parser"] = "english" }, Comment = "c" }],
            RawSql = "CREATE INDEX idx ON t (v) USING INVERTED",
        };
        Assert.Equal("ALTER TABLE `d`.`t2` ADD INDEX `idx` (`v`) USING INVERTED PROPERTIES ('parser' = 'english') COMMENT 'c'",
            InvertedIndexStatement.Build(add, "d", "t2"));
        var drop = new TableAddOrDropInvertedIndicesInfo { TableId = 1, IsDropInvertedIndex = true, AlterInvertedIndexes = [new IndexJson { IndexName = "idx" }] };
        Assert.Equal("ALTER TABLE `d`.`t2` DROP INDEX `idx`", InvertedIndexStatement.Build(drop, "d", "t2"));
        var raw = new TableAddOrDropInvertedIndicesInfo { TableId = 1, RawSql = "ALTER TABLE `s`.`t` DROP INDEX idx" };
        Assert.Equal("ALTER TABLE `d`.`t2` DROP INDEX idx", InvertedIndexStatement.Build(raw, "d", "t2"));
    }

    [Fact]
    public void Rename_rollup_names_are_quoted()
    {
        Assert.Equal("ALTER TABLE `d`.`t` RENAME ROLLUP `r 1` `r``2`", RenameRollupStatement.Build("r 1", "r`2", "d", "t"));
    }

    [Fact]
    public void A_dropped_tables_name_reused_by_a_mapped_table_is_not_its_own()
    {
        // A full sync taken after the source dropped t5 (#1) and created t5 (#2) maps t5 to #2; #1's DROP comes later.
        var context = new BinlogContext
        {
            Binlog = new TBinlog { CommitSeq = 10, Type = TBinlogType.DROP_TABLE },
            Job = new JobInfo { SyncType = SyncType.DbSync },
            Progress = DbTableMap.Map(new JobProgress(), 2, "t5", 22),
            IsReplay = false,
            Target = null!,
            Features = new Syncer.Configuration.FeatureFlags(),
            Logger = Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance,
        };
        Assert.True(context.IsNameOfAnotherTable(1, "t5"));
        Assert.False(context.IsNameOfAnotherTable(2, "t5"));
        Assert.False(context.IsNameOfAnotherTable(1, "t6"));
        Assert.Null(context.TargetTableOf(1));
        Assert.Equal("t5", context.TargetTableOf(2));
    }
}
