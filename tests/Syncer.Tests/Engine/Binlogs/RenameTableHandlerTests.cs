using Syncer.Doris.Thrift;
using Syncer.Engine.Binlogs;
using Syncer.Tests.Support;

namespace Syncer.Tests.Engine.Binlogs;

public sealed class RenameTableHandlerTests(MiniDorisPair pair) : BinlogHandlerContractTests(pair)
{
    [Fact]
    public async Task A_rename_of_the_jobs_own_source_table_keeps_the_target_table_and_the_job_follows_the_new_name()
    {
        var before = await TargetStateAsync();
        var binlog = await SourceBinlogAsync($"ALTER TABLE {SrcRef} RENAME {SrcTable}_renamed", TBinlogType.RENAME_TABLE);
        foreach (var replay in new[] { false, true })
        {
            var applied = Assert.IsType<BinlogOutcome.Applied>(await ApplyAsync(binlog, replay: replay));
            var job = applied.JobUpdate!(new Syncer.Jobs.JobInfo { Src = new Syncer.Jobs.ClusterSpec { Table = SrcTable } });
            Assert.Equal($"{SrcTable}_renamed", job.Src.Table);
        }
        Assert.Equal(before, await TargetStateAsync());
    }

    [Fact]
    public async Task A_database_job_renames_the_mapped_target_table_and_the_map_follows_and_a_replay_changes_nothing()
    {
        var job = await DbJobAsync();
        var progress = await DbProgressAsync();
        var targetId = await Dest.TableIdAsync(DestDb, DestTable);
        var binlog = await SourceBinlogAsync($"ALTER TABLE {SrcRef} RENAME {SrcTable}_renamed", TBinlogType.RENAME_TABLE);
        foreach (var replay in new[] { false, true })
        {
            var applied = Assert.IsType<BinlogOutcome.Applied>(await ApplyAsync(binlog, replay: replay, progress: progress, job: job));
            Assert.Equal($"{SrcTable}_renamed", applied.Update!(progress).TableNames![SrcTableId]);
            Assert.Equal(targetId, await Dest.TableIdAsync(DestDb, $"{SrcTable}_renamed"));
        }
    }
}
