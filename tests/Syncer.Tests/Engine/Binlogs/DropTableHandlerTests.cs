using Syncer.Doris.Thrift;
using Syncer.Engine.Binlogs;
using Syncer.Tests.Support;

namespace Syncer.Tests.Engine.Binlogs;

public sealed class DropTableHandlerTests(MiniDorisPair pair) : BinlogHandlerContractTests(pair)
{
    [Fact]
    public async Task A_database_job_drops_the_mapped_target_table_and_forgets_it_and_a_replay_is_harmless()
    {
        await EnableDatabaseBinlogAsync();
        var job = await DbJobAsync();
        var progress = await DbProgressAsync();
        var binlog = await SourceDatabaseBinlogAsync($"DROP TABLE {SrcRef}", TBinlogType.DROP_TABLE);
        foreach (var replay in new[] { false, true })
        {
            var applied = Assert.IsType<BinlogOutcome.Applied>(await ApplyAsync(binlog, replay: replay, progress: progress, job: job));
            Assert.DoesNotContain(DestTable, await DatabaseSyncChecks.ObjectsAsync(Dest, DestDb));
            Assert.False(applied.Update!(progress).TableNames!.ContainsKey(SrcTableId));
        }
    }

    [Fact]
    public async Task A_table_job_leaves_the_target_table_alone()
    {
        await EnableDatabaseBinlogAsync();
        var binlog = await SourceDatabaseBinlogAsync($"DROP TABLE {SrcRef}", TBinlogType.DROP_TABLE);
        Assert.IsType<BinlogOutcome.Skipped>(await ApplyAsync(binlog));
        Assert.Contains(DestTable, await DatabaseSyncChecks.ObjectsAsync(Dest, DestDb));
    }
}
