using Syncer.Doris.Thrift;
using Syncer.Engine.Binlogs;
using Syncer.Tests.Support;

namespace Syncer.Tests.Engine.Binlogs;

public sealed class RenameTableHandlerTests(MiniDorisPair pair) : BinlogHandlerContractTests(pair)
{
    [Fact]
    public async Task A_rename_of_the_jobs_own_source_table_keeps_the_target_table_and_its_name()
    {
        var before = await TargetStateAsync();
        var binlog = await SourceBinlogAsync($"ALTER TABLE {SrcRef} RENAME {SrcTable}_renamed", TBinlogType.RENAME_TABLE);
        Assert.IsType<BinlogOutcome.Skipped>(await ApplyAsync(binlog));
        Assert.IsType<BinlogOutcome.Skipped>(await ApplyAsync(binlog, replay: true));
        Assert.Equal(before, await TargetStateAsync());
    }
}
