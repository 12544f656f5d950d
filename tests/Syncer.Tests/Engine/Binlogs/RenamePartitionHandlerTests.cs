using Syncer.Doris.Thrift;
using Syncer.Tests.Support;

namespace Syncer.Tests.Engine.Binlogs;

/// <summary>minidoris sends RENAME_PARTITION inside a BARRIER, as FEs whose enum lacks type 22 do: this also checks the unwrapping.</summary>
public sealed class RenamePartitionHandlerTests(MiniDorisPair pair) : BinlogHandlerContractTests(pair)
{
    protected override string TableLayout =>
        "(k INT, v INT) DUPLICATE KEY(k) PARTITION BY RANGE(k) (PARTITION p1 VALUES LESS THAN ('10'), PARTITION p2 VALUES LESS THAN ('20')) "
        + "DISTRIBUTED BY HASH(k) BUCKETS 1";

    [Fact]
    public async Task A_partition_rename_wrapped_in_a_barrier_renames_the_target_partition_and_a_replay_changes_nothing()
    {
        var binlog = await ReplicateAsync($"ALTER TABLE {SrcRef} RENAME PARTITION p1 p1_new");
        Assert.Equal(TBinlogType.BARRIER, binlog.Type);
        Assert.Equal(await PartitionsAsync(Src, SrcDb, SrcTable, false), await PartitionsAsync(Dest, DestDb, DestTable, false));
        Assert.Contains(await PartitionsAsync(Dest, DestDb, DestTable, false), p => p.StartsWith("p1_new|", StringComparison.Ordinal));
    }
}
