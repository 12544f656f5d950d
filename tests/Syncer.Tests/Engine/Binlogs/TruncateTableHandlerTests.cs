using Syncer.Doris.Thrift;
using Syncer.Tests.Support;

namespace Syncer.Tests.Engine.Binlogs;

public sealed class TruncateTableHandlerTests(MiniDorisPair pair) : BinlogHandlerContractTests(pair)
{
    protected override string TableLayout =>
        "(k INT, v INT) DUPLICATE KEY(k) PARTITION BY RANGE(k) (PARTITION p1 VALUES LESS THAN ('10'), PARTITION p2 VALUES LESS THAN ('20')) "
        + "DISTRIBUTED BY HASH(k) BUCKETS 1";

    [Fact]
    public async Task Truncating_partitions_empties_only_them_and_a_replay_changes_nothing()
    {
        await Dest.ExecuteAsync($"INSERT INTO {DestRef} VALUES (1, 1), (15, 2)");
        await ReplicateAsync($"TRUNCATE TABLE {SrcRef} PARTITIONS (p1)", TBinlogType.TRUNCATE_TABLE);
        Assert.Equal(["15|2"], await RowsAsync(Dest, DestRef));
    }

    [Fact]
    public async Task Truncating_the_table_empties_it()
    {
        await Dest.ExecuteAsync($"INSERT INTO {DestRef} VALUES (1, 1), (15, 2)");
        await ReplicateAsync($"TRUNCATE TABLE {SrcRef}", TBinlogType.TRUNCATE_TABLE);
        Assert.Empty(await RowsAsync(Dest, DestRef));
        Assert.Equal(2, (await PartitionsAsync(Dest, DestDb, DestTable, false)).Count);
    }
}
