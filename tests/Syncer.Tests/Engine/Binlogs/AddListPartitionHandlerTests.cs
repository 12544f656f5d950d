using Syncer.Doris.Thrift;
using Syncer.Tests.Support;

namespace Syncer.Tests.Engine.Binlogs;

public sealed class AddListPartitionHandlerTests(MiniDorisPair pair) : BinlogHandlerContractTests(pair)
{
    protected override string TableLayout =>
        "(k INT NOT NULL, v INT) DUPLICATE KEY(k) PARTITION BY LIST(k) (PARTITION p1 VALUES IN ('1', '2')) DISTRIBUTED BY RANDOM BUCKETS 2";

    [Fact]
    public async Task A_list_partition_of_a_randomly_distributed_table_is_added_and_a_replay_changes_nothing()
    {
        await ReplicateAsync($"ALTER TABLE {SrcRef} ADD PARTITION p2 VALUES IN ('3', '4')", TBinlogType.ADD_PARTITION);
        Assert.Equal(await PartitionsAsync(Src, SrcDb, SrcTable, false), await PartitionsAsync(Dest, DestDb, DestTable, false));
        await Dest.ExecuteAsync($"INSERT INTO {DestRef} VALUES (3, 30)");
        Assert.Equal(["3|30"], await RowsAsync(Dest, DestRef));
    }
}
