using Syncer.Jobs;

namespace Syncer.Engine;

/// <summary>
/// The step a job is at inside its phase, persisted as the progress <c>sub_sync_state</c> with the Go syncer's numbers
/// so a Go store stays readable. A step is always safe to run again from its persisted data.
/// </summary>
public enum SyncStep
{
    /// <summary>Incremental sync between binlogs; with <c>commit_seq &gt; prev_commit_seq</c> the binlog at commit_seq is being applied.</summary>
    Idle = -1,

    /// <summary>Backing up the source: data is empty until the snapshot is named, then the snapshot name (named before BACKUP is sent, so a restart waits for the same backup).</summary>
    CreateSnapshot = 0,

    /// <summary>The backup finished; data is the snapshot name. Next: getSnapshot and restore.</summary>
    GetSnapshot = 1,

    /// <summary>Restoring on the target; data is a <see cref="FullSync.RestoreData"/> naming the restore label before restoreSnapshot is sent.</summary>
    RestoreSnapshot = 3,

    /// <summary>The restore finished; swap in aliases, resolve the target table id, then start incremental sync.</summary>
    PersistRestoreInfo = 4,
}

/// <summary>Conversions between <see cref="SyncStep"/> and the persisted sub-state.</summary>
public static class SyncSteps
{
    /// <summary>The step a persisted sub-state names (anything unknown, e.g. Go's upsert sub-states 11–14, is a step to redo from idle).</summary>
    public static SyncStep Of(SubSyncState sub) => sub.State switch
    {
        0 => SyncStep.CreateSnapshot,
        1 or 2 => SyncStep.GetSnapshot,
        3 => SyncStep.RestoreSnapshot,
        4 => SyncStep.PersistRestoreInfo,
        _ => SyncStep.Idle,
    };

    /// <summary>The sub-state to persist for a step.</summary>
    public static SubSyncState ToSubState(this SyncStep step) =>
        step == SyncStep.Idle ? SubSyncState.Done : new SubSyncState { State = (int)step, BinlogType = -1 };
}
