using Syncer.Engine.FullSync;
using Syncer.Jobs;

namespace Syncer.Engine;

/// <summary>A step function: reads the persisted progress, acts, and says what to persist next.</summary>
public delegate Task<StepResult> StepFunction(JobSession session, JobProgress progress, CancellationToken cancellationToken);

/// <summary>
/// The job state machine in one table: (phase, step) → the function that runs it. The job runner looks the current pair
/// up, runs the function, and persists what it returns; nothing else writes job progress.
/// </summary>
public static class StepTable
{
    private static readonly Dictionary<(SyncState, SyncStep), StepFunction> Steps = new()
    {
        [(SyncState.TableFullSync, SyncStep.CreateSnapshot)] = TableSnapshotSteps.CreateSnapshotAsync,
        [(SyncState.TableFullSync, SyncStep.GetSnapshot)] = TableSnapshotSteps.GetSnapshotAsync,
        [(SyncState.TableFullSync, SyncStep.RestoreSnapshot)] = TableSnapshotSteps.RestoreAsync,
        [(SyncState.TableFullSync, SyncStep.PersistRestoreInfo)] = TableSnapshotSteps.FinishAsync,
        [(SyncState.TablePartialSync, SyncStep.CreateSnapshot)] = TableSnapshotSteps.CreateSnapshotAsync,
        [(SyncState.TablePartialSync, SyncStep.GetSnapshot)] = TableSnapshotSteps.GetSnapshotAsync,
        [(SyncState.TablePartialSync, SyncStep.RestoreSnapshot)] = TableSnapshotSteps.RestoreAsync,
        [(SyncState.TablePartialSync, SyncStep.PersistRestoreInfo)] = TableSnapshotSteps.FinishAsync,
        [(SyncState.TableIncrementalSync, SyncStep.Idle)] = IncrementalStep.RunAsync,
        [(SyncState.DBFullSync, SyncStep.CreateSnapshot)] = DbSnapshotSteps.CreateSnapshotAsync,
        [(SyncState.DBFullSync, SyncStep.GetSnapshot)] = DbSnapshotSteps.GetSnapshotAsync,
        [(SyncState.DBFullSync, SyncStep.RestoreSnapshot)] = DbSnapshotSteps.RestoreAsync,
        [(SyncState.DBFullSync, SyncStep.PersistRestoreInfo)] = DbSnapshotSteps.FinishAsync,
        [(SyncState.DBPartialSync, SyncStep.CreateSnapshot)] = DbSnapshotSteps.CreateSnapshotAsync,
        [(SyncState.DBPartialSync, SyncStep.GetSnapshot)] = DbSnapshotSteps.GetSnapshotAsync,
        [(SyncState.DBPartialSync, SyncStep.RestoreSnapshot)] = DbSnapshotSteps.RestoreAsync,
        [(SyncState.DBPartialSync, SyncStep.PersistRestoreInfo)] = DbSnapshotSteps.FinishAsync,
        // Right after a database full sync: binlogs of tables whose snapshot seq they do not pass are skipped.
        [(SyncState.DBTablesIncrementalSync, SyncStep.Idle)] = IncrementalStep.RunAsync,
        [(SyncState.DBIncrementalSync, SyncStep.Idle)] = IncrementalStep.RunAsync,
    };

    /// <summary>The function for the progress's (phase, step), or null when this build cannot run it (DBSpecificTableFullSync, which the Go syncer never enters).</summary>
    public static StepFunction? Find(JobProgress progress)
    {
        var step = SyncSteps.Of(progress.SubSyncState);
        // A full or partial sync that was between steps when a Go syncer stopped starts over from its backup.
        if (step == SyncStep.Idle && progress.SyncState is SyncState.TableFullSync or SyncState.TablePartialSync or SyncState.DBFullSync or SyncState.DBPartialSync) step = SyncStep.CreateSnapshot;
        return Steps.GetValueOrDefault((progress.SyncState, step));
    }
}
