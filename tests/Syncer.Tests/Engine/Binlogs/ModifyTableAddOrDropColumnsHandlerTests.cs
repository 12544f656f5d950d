using Syncer.Doris.Thrift;
using Syncer.Engine;
using Syncer.Engine.Binlogs;
using Syncer.Tests.Support;

namespace Syncer.Tests.Engine.Binlogs;

public sealed class ModifyTableAddOrDropColumnsHandlerTests(MiniDorisPair pair) : BinlogHandlerContractTests(pair)
{
    [Fact]
    public async Task Added_and_dropped_columns_reach_the_target_table_and_replays_change_nothing()
    {
        await Dest.ExecuteAsync($"INSERT INTO {DestRef} VALUES (1, 10)");
        await ReplicateAsync($"ALTER TABLE {SrcRef} ADD COLUMN c1 INT NULL DEFAULT \"7\" COMMENT 'new'", TBinlogType.MODIFY_TABLE_ADD_OR_DROP_COLUMNS);
        Assert.Equal(["id", "v", "c1"], await ColumnsAsync(Dest, DestDb, DestTable));
        Assert.Equal(["1|10|7"], await RowsAsync(Dest, DestRef));

        await ReplicateAsync($"ALTER TABLE {SrcRef} ADD COLUMN c0 BIGINT NULL AFTER id", TBinlogType.MODIFY_TABLE_ADD_OR_DROP_COLUMNS);
        await ReplicateAsync($"ALTER TABLE {SrcRef} DROP COLUMN v", TBinlogType.MODIFY_TABLE_ADD_OR_DROP_COLUMNS);

        Assert.Equal(await ColumnsAsync(Src, SrcDb, SrcTable), await ColumnsAsync(Dest, DestDb, DestTable));
        Assert.Equal(["id", "c0", "c1"], await ColumnsAsync(Dest, DestDb, DestTable));
    }

    [Fact]
    public async Task A_replay_applies_a_change_that_never_reached_the_target_and_refuses_one_it_cannot_confirm()
    {
        var add = await SourceBinlogAsync($"ALTER TABLE {SrcRef} ADD COLUMN c1 INT NULL");
        Assert.IsType<BinlogOutcome.Applied>(await ApplyAsync(add, replay: true));
        Assert.Equal(["id", "v", "c1"], await ColumnsAsync(Dest, DestDb, DestTable));

        // The target drifted (an extra column): the refusal is not taken for "already applied".
        var drop = await SourceBinlogAsync($"ALTER TABLE {SrcRef} DROP COLUMN c1");
        await Dest.ExecuteAsync($"ALTER TABLE {DestRef} DROP COLUMN c1", $"ALTER TABLE {DestRef} ADD COLUMN c2 INT NULL");
        var error = await Assert.ThrowsAsync<SyncException>(() => ApplyAsync(drop, replay: true));
        Assert.Equal(SyncErrorKind.Permanent, error.Kind);
    }
}
