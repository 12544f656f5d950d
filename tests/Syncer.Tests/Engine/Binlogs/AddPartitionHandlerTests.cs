using Syncer.Doris.Thrift;
using Syncer.Engine;
using Syncer.Engine.Binlogs;
using Syncer.Tests.Support;

namespace Syncer.Tests.Engine.Binlogs;

public sealed class AddPartitionHandlerTests(MiniDorisPair pair) : BinlogHandlerContractTests(pair)
{
    protected override string TableLayout =>
        "(k DATE, v INT) DUPLICATE KEY(k) PARTITION BY RANGE(k) (PARTITION p1 VALUES LESS THAN ('2024-02-01')) DISTRIBUTED BY HASH(k) BUCKETS 2";

    [Fact]
    public async Task A_range_partition_is_added_with_the_sources_range_and_buckets_and_a_replay_changes_nothing()
    {
        var binlog = await ReplicateAsync($"ALTER TABLE {SrcRef} ADD PARTITION p2 VALUES LESS THAN ('2024-03-01')", TBinlogType.ADD_PARTITION);
        // The reader-only "di" member is null and so never written into minidoris's payloads.
        Assert.DoesNotContain("\"di\"", binlog.Data!, StringComparison.Ordinal);
        await ReplicateAsync($"ALTER TABLE {SrcRef} ADD PARTITION p3 VALUES [('2024-03-01'), ('2024-04-01')) DISTRIBUTED BY HASH(k) BUCKETS 3",
            TBinlogType.ADD_PARTITION);

        Assert.Equal(await PartitionsAsync(Src, SrcDb, SrcTable, false), await PartitionsAsync(Dest, DestDb, DestTable, false));
        Assert.Contains(await PartitionsAsync(Dest, DestDb, DestTable, false), p => p.StartsWith("p3|", StringComparison.Ordinal) && p.EndsWith("|3", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_replay_of_an_add_that_never_reached_the_target_adds_it()
    {
        var binlog = await SourceBinlogAsync($"ALTER TABLE {SrcRef} ADD PARTITION p2 VALUES LESS THAN ('2024-03-01')");
        Assert.IsType<BinlogOutcome.Applied>(await ApplyAsync(binlog, replay: true));
        Assert.Contains(await PartitionsAsync(Dest, DestDb, DestTable, false), p => p.StartsWith("p2|", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Outside_a_replay_a_refused_add_is_a_permanent_error_with_doriss_message()
    {
        var binlog = await SourceBinlogAsync($"ALTER TABLE {SrcRef} ADD PARTITION p2 VALUES LESS THAN ('2024-03-01')");
        Assert.IsType<BinlogOutcome.Applied>(await ApplyAsync(binlog));
        var error = await Assert.ThrowsAsync<SyncException>(() => ApplyAsync(binlog));
        Assert.Equal(SyncErrorKind.Permanent, error.Kind);
        Assert.Contains("Duplicate partition name p2", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_temporary_partition_is_skipped()
    {
        var binlog = await SourceBinlogAsync($"ALTER TABLE {SrcRef} ADD TEMPORARY PARTITION tp1 VALUES LESS THAN ('2024-01-15')");
        Assert.IsType<BinlogOutcome.Skipped>(await ApplyAsync(binlog));
        Assert.Empty(await PartitionsAsync(Dest, DestDb, DestTable, true));
    }

    [Fact]
    public async Task Another_tables_partition_is_skipped_and_a_missing_target_table_asks_for_a_full_sync()
    {
        var binlog = await SourceBinlogAsync($"ALTER TABLE {SrcRef} ADD PARTITION p2 VALUES LESS THAN ('2024-03-01')");
        Assert.IsType<BinlogOutcome.Skipped>(await ApplyAsync(binlog, job: Job(srcTableId: SrcTableId + 1000)));
        Assert.DoesNotContain(await PartitionsAsync(Dest, DestDb, DestTable, false), p => p.StartsWith("p2|", StringComparison.Ordinal));

        await Dest.ExecuteAsync($"DROP TABLE {DestRef} FORCE");
        var error = await Assert.ThrowsAsync<SyncException>(() => ApplyAsync(binlog));
        Assert.Equal(SyncErrorKind.MetaChanged, error.Kind);
    }
}
