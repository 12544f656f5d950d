using Syncer.Store;

namespace Syncer.Jobs;

/// <summary>
/// A job owned by this instance, in memory. Control operations take <see cref="Gate"/> so they apply one at
/// a time and wait for the sync engine's current step; the engine attaches to the same object later.
/// </summary>
public sealed class ManagedJob(StoredJob stored)
{
    private StoredJob _stored = stored;
    private int _forceFullSync;
    private CancellationTokenSource _interrupt = new();

    /// <summary>Serializes control operations (and, later, engine steps) on this job.</summary>
    public SemaphoreSlim Gate { get; } = new(1, 1);

    /// <summary>The job's latest persisted definition, owner and epoch.</summary>
    public StoredJob Stored => Volatile.Read(ref _stored);

    /// <summary>The job name.</summary>
    public string Name => Stored.Name;

    /// <summary>Set once the job is deleted; the engine stops at its next step boundary.</summary>
    public bool Deleted { get; private set; }

    /// <summary>Records a new persisted definition (call with <see cref="Gate"/> held).</summary>
    public void Update(StoredJob stored) => Volatile.Write(ref _stored, stored);

    /// <summary>Marks the job deleted (call with <see cref="Gate"/> held).</summary>
    public void MarkDeleted()
    {
        Deleted = true;
        Interrupt();
    }

    /// <summary>Asks for a full sync at the next incremental step (<c>/force_fullsync</c>).</summary>
    public void RequestFullSync() => Interlocked.Exchange(ref _forceFullSync, 1);

    /// <summary>Takes a pending full-sync request, clearing it (for the sync engine).</summary>
    public bool TakeFullSyncRequest() => Interlocked.Exchange(ref _forceFullSync, 0) == 1;

    /// <summary>Cancelled when a control operation needs the sync engine's attention (pause, delete, force_fullsync).</summary>
    public CancellationToken Interruption => Volatile.Read(ref _interrupt).Token;

    /// <summary>Stops the engine's current step or wait so it re-reads the job (the step is safe to run again).</summary>
    public void Interrupt()
    {
        var previous = Interlocked.Exchange(ref _interrupt, new CancellationTokenSource());
        previous.Cancel();
    }

    /// <summary>What the sync engine reports about this job (for /job_status and /metrics).</summary>
    public Engine.RunnerStatus Status { get; } = new();

    /// <summary>Whether a full sync has been requested and not yet taken.</summary>
    public bool FullSyncRequested => Volatile.Read(ref _forceFullSync) == 1;
}
