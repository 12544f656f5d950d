using Syncer.Doris.Thrift;
using Syncer.Engine;
using Syncer.Engine.Binlogs;
using Syncer.Tests.Support;

namespace Syncer.Tests.Engine.Binlogs;

public sealed class RenameColumnHandlerTests(MiniDorisPair pair) : BinlogHandlerContractTests(pair)
{
    [Fact]
    public async Task The_column_is_renamed_and_a_replay_changes_nothing()
    {
        await Dest.ExecuteAsync($"INSERT INTO {DestRef} VALUES (1, 10)");
        await ReplicateAsync($"ALTER TABLE {SrcRef} RENAME COLUMN v value_2", TBinlogType.RENAME_COLUMN);
        Assert.Equal(["id", "value_2"], await ColumnsAsync(Dest, DestDb, DestTable));
        Assert.Equal(["1|10"], await RowsAsync(Dest, DestRef));
    }

    [Fact]
    public async Task Outside_a_replay_a_rename_of_a_missing_column_is_permanent()
    {
        var binlog = await SourceBinlogAsync($"ALTER TABLE {SrcRef} RENAME COLUMN v w");
        await Dest.ExecuteAsync($"ALTER TABLE {DestRef} RENAME COLUMN v other");
        var error = await Assert.ThrowsAsync<SyncException>(() => ApplyAsync(binlog));
        Assert.Equal(SyncErrorKind.Permanent, error.Kind);
        // Neither the old nor the new name is there: the replay check does not pretend it was applied.
        await Assert.ThrowsAsync<SyncException>(() => ApplyAsync(binlog, replay: true));
    }
}
