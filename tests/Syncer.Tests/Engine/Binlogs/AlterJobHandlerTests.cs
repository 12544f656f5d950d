using Syncer.Doris.Binlog.Records;
using Syncer.Doris.Thrift;
using Syncer.Engine.Binlogs;
using Syncer.Jobs;
using Syncer.Tests.Support;

namespace Syncer.Tests.Engine.Binlogs;

public sealed class AlterJobHandlerTests(MiniDorisPair pair) : BinlogHandlerContractTests(pair)
{
    [Fact]
    public async Task A_schema_change_remembers_its_shadow_index_then_asks_for_a_partial_sync_of_the_table_and_forgets_it()
    {
        await Src.ExecuteAsync($"ALTER TABLE {SrcRef} MODIFY COLUMN v BIGINT");
        var jobs = (await ReadNewBinlogsAsync()).Where(b => b.Type == TBinlogType.ALTER_JOB).ToList();
        var states = jobs.Select(b => BinlogJson.Deserialize<AlterJobRecord>(b.Data!)).ToList();
        Assert.Equal(["PENDING", "WAITING_TXN", "RUNNING", "FINISHED"], states.Select(s => s.JobState));
        var shadow = Assert.Single(states[0].ShadowToOriginIndex!);

        var progress = new JobProgress { ShadowIndexMap = new() { [42] = 41 } };
        var pending = Assert.IsType<BinlogOutcome.Applied>(await ApplyAsync(jobs[0], progress: progress));
        progress = pending.Update!(progress);
        Assert.Equal(new Dictionary<long, long> { [42] = 41, [shadow.Key] = shadow.Value }, progress.ShadowIndexMap);

        Assert.IsType<BinlogOutcome.Skipped>(await ApplyAsync(jobs[1], progress: progress));
        Assert.IsType<BinlogOutcome.Skipped>(await ApplyAsync(jobs[2], progress: progress));

        var finished = Assert.IsType<BinlogOutcome.PartialSyncNeeded>(await ApplyAsync(jobs[3], progress: progress));
        Assert.Equal((SrcTableId, SrcTable), (finished.Target.TableId, finished.Target.Table));
        Assert.Empty(finished.Target.Partitions);
        Assert.Equal(new Dictionary<long, long> { [42] = 41 }, finished.Update!(progress).ShadowIndexMap);

        // The target is untouched: the partial sync brings the new schema.
        Assert.Equal(["id", "v"], await ColumnsAsync(Dest, DestDb, DestTable));
    }

    [Fact]
    public async Task With_partial_sync_of_schema_changes_off_a_finished_schema_change_is_a_full_sync()
    {
        Features.SchemaChangePartialSync = false;
        await Src.ExecuteAsync($"ALTER TABLE {SrcRef} MODIFY COLUMN v BIGINT");
        var finished = (await ReadNewBinlogsAsync()).Last(b => b.Type == TBinlogType.ALTER_JOB);
        Assert.IsType<BinlogOutcome.FullSyncNeeded>(await ApplyAsync(finished));
    }
}
