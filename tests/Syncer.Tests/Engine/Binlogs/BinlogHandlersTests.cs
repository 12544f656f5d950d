using Microsoft.Extensions.Logging.Abstractions;
using Syncer.Configuration;
using Syncer.Doris.Binlog.Records;
using Syncer.Doris.Sql;
using Syncer.Doris.Thrift;
using Syncer.Engine;
using Syncer.Engine.Binlogs;
using Syncer.Jobs;

namespace Syncer.Tests.Engine.Binlogs;

/// <summary>The registry and <see cref="BinlogHandlers.Resolve"/>: barrier unwrapping and the skip rules (no process).</summary>
public sealed class BinlogHandlersTests
{
    private static readonly BinlogHandlers Handlers = BinlogHandlers.CreateDefault([new FakeUpsertHandler()]);

    private static TBinlog Binlog(TBinlogType type, string data) => new() { CommitSeq = 77, Type = type, DbId = 10, TableIds = [20], Data = data };

    [Fact]
    public void Every_ddl_and_control_type_of_this_build_has_its_handler()
    {
        foreach (var type in new[]
                 {
                     TBinlogType.ADD_PARTITION, TBinlogType.CREATE_TABLE, TBinlogType.DROP_PARTITION, TBinlogType.DROP_TABLE, TBinlogType.ALTER_JOB,
                     TBinlogType.MODIFY_TABLE_ADD_OR_DROP_COLUMNS, TBinlogType.DUMMY, TBinlogType.ALTER_DATABASE_PROPERTY, TBinlogType.MODIFY_TABLE_PROPERTY,
                     TBinlogType.MODIFY_PARTITIONS, TBinlogType.REPLACE_PARTITIONS, TBinlogType.TRUNCATE_TABLE, TBinlogType.RENAME_TABLE,
                     TBinlogType.RENAME_COLUMN, TBinlogType.MODIFY_COMMENT, TBinlogType.RENAME_PARTITION, TBinlogType.REPLACE_TABLE, TBinlogType.RECOVER_INFO, TBinlogType.UPSERT,
                 })
        {
            Assert.Equal(type, Handlers.Find(type)?.Type);
        }
    }

    [Fact]
    public void A_wrapping_barrier_resolves_to_its_inner_type_and_payload()
    {
        var barrier = Binlog(TBinlogType.BARRIER,
            """{"dbId":10,"tableId":20,"binlogType":22,"binlog":"{\"db\":10,\"tb\":20,\"p\":21,\"nP\":\"p_new\",\"oP\":\"p_old\"}"}""");
        var resolved = Handlers.Resolve(barrier);
        Assert.IsType<RenamePartitionHandler>(resolved.Handler);
        Assert.Equal((TBinlogType.RENAME_PARTITION, 77L, (long?)10), (resolved.Binlog.Type!.Value, resolved.Binlog.CommitSeq!.Value, resolved.Binlog.DbId));
        var inner = BinlogJson.Deserialize<TableInfo>(resolved.Binlog.Data!);
        Assert.Equal(("p_old", "p_new"), (inner.OldPartitionName, inner.NewPartitionName));
    }

    [Fact]
    public void A_barrier_wrapping_an_upsert_numbered_zero_is_an_upsert()
    {
        var resolved = Handlers.Resolve(Binlog(TBinlogType.BARRIER, """{"dbId":10,"tableId":20,"binlogType":0,"binlog":"{\"commitSeq\":77}"}"""));
        Assert.IsType<FakeUpsertHandler>(resolved.Handler);
    }

    [Theory]
    [InlineData("""{"dbId":10,"dbName":"src","tableId":20,"tableName":"t","binlogType":0}""")]
    [InlineData("""{"dbId":10,"tableId":20,"binlogType":-1}""")]
    [InlineData("""{"dbId":10,"tableId":20,"binlogType":14,"binlog":""}""")]
    [InlineData("""{"dbId":10,"tableId":20,"binlogType":14,"binlog":null}""")]
    [InlineData("")]
    public async Task A_plain_barrier_is_skipped_even_with_binlog_type_zero(string data)
    {
        var resolved = Handlers.Resolve(Binlog(TBinlogType.BARRIER, data));
        Assert.IsType<SkipBinlogHandler>(resolved.Handler);
        Assert.IsType<BinlogOutcome.Skipped>(await resolved.Handler.HandleAsync(Context(resolved.Binlog), CancellationToken.None));
    }

    [Theory]
    [InlineData(26)]
    [InlineData(25)]
    [InlineData(27)]
    [InlineData(116)]
    [InlineData(5000)]
    public async Task Types_without_a_handler_or_reserved_ones_are_skipped_with_a_reason(int type)
    {
        var resolved = Handlers.Resolve(Binlog((TBinlogType)type, "{}"));
        var skip = Assert.IsType<SkipBinlogHandler>(resolved.Handler);
        Assert.Contains(type.ToString(System.Globalization.CultureInfo.InvariantCulture), skip.Reason, StringComparison.Ordinal);
        Assert.IsType<BinlogOutcome.Skipped>(await skip.HandleAsync(Context(resolved.Binlog), CancellationToken.None));
    }

    [Fact]
    public void A_reserved_type_inside_a_barrier_is_skipped_too()
    {
        var resolved = Handlers.Resolve(Binlog(TBinlogType.BARRIER, """{"binlogType":30,"binlog":"{}"}"""));
        Assert.IsType<SkipBinlogHandler>(resolved.Handler);
    }

    [Fact]
    public void A_malformed_barrier_is_a_permanent_error_and_an_upsert_without_handler_a_programming_error()
    {
        Assert.Equal(SyncErrorKind.Permanent, Assert.Throws<SyncException>(() => Handlers.Resolve(Binlog(TBinlogType.BARRIER, "{not json"))).Kind);
        Assert.Equal(SyncErrorKind.Permanent, Assert.Throws<SyncException>(() => Handlers.Resolve(Binlog(TBinlogType.BARRIER, """{"binlog":"{}"}"""))).Kind);
        Assert.Throws<InvalidOperationException>(() => BinlogHandlers.CreateDefault().Resolve(Binlog(TBinlogType.UPSERT, "{}")));
    }

    [Fact]
    public async Task Dummy_asks_for_a_full_sync_and_the_source_cluster_settings_are_skipped()
    {
        Assert.IsType<BinlogOutcome.FullSyncNeeded>(await new DummyHandler().HandleAsync(Context(Binlog(TBinlogType.DUMMY, "")), CancellationToken.None));
        Assert.IsType<BinlogOutcome.Skipped>(await new AlterDatabasePropertyHandler().HandleAsync(
            Context(Binlog(TBinlogType.ALTER_DATABASE_PROPERTY, """{"dbId":10,"dbName":"src","properties":{"binlog.enable":"true"}}""")), CancellationToken.None));
        Assert.IsType<BinlogOutcome.Skipped>(await new ModifyPartitionsHandler().HandleAsync(
            Context(Binlog(TBinlogType.MODIFY_PARTITIONS, """{"infos":[{"dbId":10,"tableId":20,"partitionId":21,"replicationNum":3}]}""")), CancellationToken.None));
    }

    [Fact]
    public async Task Table_jobs_skip_other_tables_creation_drop_and_rename_and_binlogs_of_other_tables()
    {
        var job = Context(Binlog(TBinlogType.CREATE_TABLE, """{"dbId":10,"tableId":30,"tableName":"t3","sql":"CREATE TABLE `t3` (k int)"}"""));
        Assert.IsType<BinlogOutcome.Skipped>(await new CreateTableHandler().HandleAsync(job, CancellationToken.None));
        Assert.IsType<BinlogOutcome.Skipped>(await new DropTableHandler().HandleAsync(
            Context(Binlog(TBinlogType.DROP_TABLE, """{"dbId":10,"tableId":30,"tableName":"t3"}""")), CancellationToken.None));
        Assert.IsType<BinlogOutcome.Skipped>(await new RenameTableHandler().HandleAsync(
            Context(Binlog(TBinlogType.RENAME_TABLE, """{"db":10,"tb":30,"nT":"t4","oT":"t3"}""")), CancellationToken.None));
        Assert.IsType<BinlogOutcome.Skipped>(await new AlterJobHandler().HandleAsync(
            Context(Binlog(TBinlogType.ALTER_JOB, """{"type":"SCHEMA_CHANGE","tableId":30,"tableName":"t3","jobState":"FINISHED"}""")), CancellationToken.None));
        Assert.IsType<BinlogOutcome.Skipped>(await new ReplacePartitionsHandler().HandleAsync(
            Context(Binlog(TBinlogType.REPLACE_PARTITIONS, """{"tblId":30,"tblName":"t3","partitions":["p1"],"tempPartitions":["tp1"],"strictRange":true}""")), CancellationToken.None));
    }

    [Fact]
    public async Task A_recovered_partition_of_the_jobs_table_is_a_partial_sync_and_a_recovered_table_a_full_sync()
    {
        var partition = await new RecoverInfoHandler().HandleAsync(Context(Binlog(TBinlogType.RECOVER_INFO,
            """{"dbId":10,"tableId":20,"tableName":"t2","partitionId":21,"partitionName":"p1","newPartitionName":"p1_back"}""")), CancellationToken.None);
        Assert.Equal(["p1_back"], Assert.IsType<BinlogOutcome.PartialSyncNeeded>(partition).Target.Partitions);
        Assert.IsType<BinlogOutcome.FullSyncNeeded>(await new RecoverInfoHandler().HandleAsync(Context(Binlog(TBinlogType.RECOVER_INFO,
            """{"dbId":10,"tableId":20,"tableName":"t2","partitionId":-1}""")), CancellationToken.None));
        Assert.IsType<BinlogOutcome.Skipped>(await new RecoverInfoHandler().HandleAsync(Context(Binlog(TBinlogType.RECOVER_INFO,
            """{"dbId":10,"tableId":30,"tableName":"t3","partitionId":-1}""")), CancellationToken.None));
    }

    [Fact]
    public void Alter_jobs_decide_from_type_and_state()
    {
        var pending = BinlogJson.Deserialize<AlterJobRecord>("""{"type":"SCHEMA_CHANGE","dbId":10,"tableId":20,"tableName":"t2","jobId":77,"jobState":"PENDING","iim":{"41":22}}""");
        var progress = new JobProgress();
        var applied = Assert.IsType<BinlogOutcome.Applied>(AlterJobHandler.Decide(pending, true));
        progress = applied.Update!(progress);
        Assert.Equal(new Dictionary<long, long> { [41] = 22 }, progress.ShadowIndexMap);

        pending.JobState = "CANCELLED";
        Assert.Null(Assert.IsType<BinlogOutcome.Applied>(AlterJobHandler.Decide(pending, true)).Update!(progress).ShadowIndexMap);

        pending.JobState = "RUNNING";
        Assert.IsType<BinlogOutcome.Skipped>(AlterJobHandler.Decide(pending, true));

        var rollup = BinlogJson.Deserialize<AlterJobRecord>("""{"type":"ROLLUP","tableId":20,"tableName":"t2","jobState":"PENDING","rollupIndexId":50,"rollUpIndexName":"r","baseIndexid":22}""");
        Assert.Equal(new Dictionary<long, long> { [50] = 22 }, Assert.IsType<BinlogOutcome.Applied>(AlterJobHandler.Decide(rollup, true)).Update!(new JobProgress()).ShadowIndexMap);
        rollup.JobState = "FINISHED";
        Assert.IsType<BinlogOutcome.FullSyncNeeded>(AlterJobHandler.Decide(rollup, true));
    }

    private static BinlogContext Context(TBinlog binlog) => new()
    {
        Binlog = binlog,
        Job = new JobInfo
        {
            SyncType = SyncType.TableSync,
            Name = "j",
            Src = new ClusterSpec { Database = "src", Table = "t2", TableId = 20 },
            Dest = new ClusterSpec { Database = "dst", Table = "t2" },
        },
        Progress = new JobProgress(),
        IsReplay = false,
        Target = new NoTarget(),
        Features = new FeatureFlags(),
        Logger = NullLogger.Instance,
    };

    private sealed class FakeUpsertHandler : IBinlogHandler
    {
        public TBinlogType Type => TBinlogType.UPSERT;

        public bool NeedsStartMarker => false;

        public Task<BinlogOutcome> HandleAsync(BinlogContext context, CancellationToken cancellationToken) => Task.FromResult(BinlogOutcome.Done);
    }

    /// <summary>A target that fails the test if a skip or control handler touches it.</summary>
    private sealed class NoTarget : IDorisSqlSession
    {
        public Task<DorisSqlResult> QueryAsync(string sql, CancellationToken cancellationToken) => throw new InvalidOperationException("unexpected query: " + sql);

        public Task ExecuteAsync(string sql, CancellationToken cancellationToken) => throw new InvalidOperationException("unexpected statement: " + sql);

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
