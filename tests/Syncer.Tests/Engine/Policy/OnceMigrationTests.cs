using Syncer.Engine;
using Syncer.Engine.Policy;
using Syncer.Jobs;

namespace Syncer.Tests.Engine.Policy;

/// <summary>When a one-shot migration is done: only in incremental sync, at the goal or when nothing is left.</summary>
public sealed class OnceMigrationTests
{
    private static readonly JobInfo Once = new() { Mode = JobMode.Once, OnceGoalCommitSeq = 100 };

    private static JobProgress At(SyncState state, long prev, long? commit = null) =>
        new() { SyncState = state, PrevCommitSeq = prev, CommitSeq = commit ?? prev, SubSyncState = SubSyncState.Done };

    [Fact]
    public void A_continuous_job_never_ends()
    {
        var before = At(SyncState.TableIncrementalSync, 150);
        Assert.False(OnceMigration.Reached(Once with { Mode = JobMode.Continuous }, before, new StepResult.CaughtUp(150)));
    }

    [Theory]
    [InlineData(SyncState.TableIncrementalSync)]
    [InlineData(SyncState.DBIncrementalSync)]
    [InlineData(SyncState.DBTablesIncrementalSync)]
    public void Caught_up_in_incremental_sync_is_done_whatever_the_goal(SyncState state)
    {
        Assert.True(OnceMigration.Reached(Once, At(state, 10), new StepResult.CaughtUp(10)));
        Assert.True(OnceMigration.Reached(Once with { OnceGoalCommitSeq = 0 }, At(state, 10), new StepResult.CaughtUp(10)));
    }

    [Theory]
    [InlineData(SyncState.TableFullSync)]
    [InlineData(SyncState.TablePartialSync)]
    [InlineData(SyncState.DBFullSync)]
    [InlineData(SyncState.DBPartialSync)]
    public void Full_and_partial_syncs_are_never_the_end(SyncState state)
    {
        var finish = new StepResult.Advance(At(SyncState.TableIncrementalSync, 500));
        Assert.False(OnceMigration.Reached(Once, At(state, 0), finish));
    }

    [Fact]
    public void Applying_a_binlog_at_or_past_the_goal_is_done_while_writes_continue()
    {
        var before = At(SyncState.TableIncrementalSync, 90);
        Assert.False(OnceMigration.Reached(Once, before, new StepResult.Advance(At(SyncState.TableIncrementalSync, 99))));
        Assert.True(OnceMigration.Reached(Once, before, new StepResult.Advance(At(SyncState.TableIncrementalSync, 100))));
        Assert.True(OnceMigration.Reached(Once, before, new StepResult.Advance(At(SyncState.TableIncrementalSync, 130))));
    }

    [Fact]
    public void A_start_marker_or_a_full_sync_at_the_goal_is_not_yet_done()
    {
        var before = At(SyncState.TableIncrementalSync, 90);
        // The DDL at 120 is about to be applied, not applied.
        Assert.False(OnceMigration.Reached(Once, before, new StepResult.Advance(At(SyncState.TableIncrementalSync, 90, 120))));
        Assert.False(OnceMigration.Reached(Once, before, new StepResult.Advance(At(SyncState.TableFullSync, 120))));
    }

    [Fact]
    public void Without_a_goal_only_catching_up_ends_the_migration()
    {
        var noGoal = Once with { OnceGoalCommitSeq = 0 };
        Assert.False(OnceMigration.Reached(noGoal, At(SyncState.TableIncrementalSync, 5), new StepResult.Advance(At(SyncState.TableIncrementalSync, 6))));
    }
}
