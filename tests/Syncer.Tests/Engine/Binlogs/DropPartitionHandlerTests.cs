using Syncer.Doris.Thrift;
using Syncer.Engine;
using Syncer.Engine.Binlogs;
using Syncer.Tests.Support;

namespace Syncer.Tests.Engine.Binlogs;

public sealed class DropPartitionHandlerTests(MiniDorisPair pair) : BinlogHandlerContractTests(pair)
{
    protected override string TableLayout =>
        "(k INT, v INT) DUPLICATE KEY(k) PARTITION BY RANGE(k) (PARTITION p1 VALUES LESS THAN ('10'), PARTITION p2 VALUES LESS THAN ('20')) "
        + "DISTRIBUTED BY HASH(k) BUCKETS 1";

    [Fact]
    public async Task The_partition_and_its_rows_go_and_a_replay_changes_nothing()
    {
        await Dest.ExecuteAsync($"INSERT INTO {DestRef} VALUES (1, 1), (15, 2)");
        await ReplicateAsync($"ALTER TABLE {SrcRef} DROP PARTITION p1", TBinlogType.DROP_PARTITION);

        Assert.Equal(await PartitionsAsync(Src, SrcDb, SrcTable, false), await PartitionsAsync(Dest, DestDb, DestTable, false));
        Assert.Single(await PartitionsAsync(Dest, DestDb, DestTable, false));
        Assert.Equal(["15|2"], await RowsAsync(Dest, DestRef));
    }

    [Fact]
    public async Task Outside_a_replay_dropping_a_partition_the_target_lacks_is_permanent()
    {
        var binlog = await SourceBinlogAsync($"ALTER TABLE {SrcRef} DROP PARTITION p2");
        await Dest.ExecuteAsync($"ALTER TABLE {DestRef} DROP PARTITION p2");
        var error = await Assert.ThrowsAsync<SyncException>(() => ApplyAsync(binlog));
        Assert.Equal(SyncErrorKind.Permanent, error.Kind);
        Assert.IsType<BinlogOutcome.Applied>(await ApplyAsync(binlog, replay: true));
    }

    [Fact]
    public async Task A_temporary_partition_drop_is_skipped()
    {
        await Src.ExecuteAsync($"ALTER TABLE {SrcRef} ADD TEMPORARY PARTITION tp VALUES LESS THAN ('5')");
        await ReadNewBinlogsAsync();
        var binlog = await SourceBinlogAsync($"ALTER TABLE {SrcRef} DROP TEMPORARY PARTITION tp");
        Assert.IsType<BinlogOutcome.Skipped>(await ApplyAsync(binlog));
    }
}
