using Syncer.Doris.Thrift;
using Syncer.Engine.Binlogs;
using Syncer.Tests.Support;

namespace Syncer.Tests.Engine.Binlogs;

public sealed class ReplacePartitionsHandlerTests(MiniDorisPair pair) : BinlogHandlerContractTests(pair)
{
    protected override string TableLayout =>
        "(k INT, v INT) DUPLICATE KEY(k) PARTITION BY RANGE(k) (PARTITION p1 VALUES LESS THAN ('10'), PARTITION p2 VALUES LESS THAN ('20')) "
        + "DISTRIBUTED BY HASH(k) BUCKETS 1";

    [Fact]
    public async Task A_strict_replace_keeping_the_names_is_a_partial_sync_of_those_partitions()
    {
        await Src.ExecuteAsync($"ALTER TABLE {SrcRef} ADD TEMPORARY PARTITION tp1 VALUES LESS THAN ('10')");
        await ReadNewBinlogsAsync();
        var binlog = await SourceBinlogAsync($"ALTER TABLE {SrcRef} REPLACE PARTITION (p1) WITH TEMPORARY PARTITION (tp1)", TBinlogType.REPLACE_PARTITIONS);

        var partial = Assert.IsType<BinlogOutcome.PartialSyncNeeded>(await ApplyAsync(binlog));
        Assert.Equal((SrcTableId, SrcTable), (partial.Target.TableId, partial.Target.Table));
        Assert.Equal(["p1"], partial.Target.Partitions);
    }

    [Fact]
    public async Task An_insert_overwrite_is_a_full_sync()
    {
        var binlog = await SourceBinlogAsync($"INSERT OVERWRITE TABLE {SrcRef} VALUES (1, 1)", TBinlogType.REPLACE_PARTITIONS);
        Assert.IsType<BinlogOutcome.FullSyncNeeded>(await ApplyAsync(binlog));
    }
}
