using Syncer.Jobs;

namespace Syncer.Store;

/// <summary>
/// Where jobs, their progress and the syncer instances are persisted. Two implementations: SQLite (one
/// instance) and MySQL (several instances, high availability). All SQL is parameterized; passwords in
/// job_info are encrypted at rest; the schema is versioned and migrated by <see cref="MigrateAsync"/>.
/// Writes by a job owner are fenced by (owner, owner epoch): they succeed only while the caller still owns
/// the job, so an instance that lost a job cannot overwrite the new owner's state.
/// </summary>
public interface IJobStore : IAsyncDisposable
{
    /// <summary>"sqlite3 &lt;file&gt;" or "mysql &lt;host:port&gt;/ccr", for logs and errors.</summary>
    string Description { get; }

    /// <summary>Creates or upgrades the schema to the version this build knows; refuses a newer one.</summary>
    Task MigrateAsync(CancellationToken cancellationToken);

    /// <summary>The schema version currently applied.</summary>
    Task<int> GetSchemaVersionAsync(CancellationToken cancellationToken);

    /// <summary>Round trip to the store (health check).</summary>
    Task PingAsync(CancellationToken cancellationToken);

    /// <summary>Inserts a job owned by <paramref name="owner"/> (epoch 1) together with its first progress, atomically.</summary>
    /// <exception cref="JobAlreadyExistsException">The name is taken.</exception>
    Task AddJobAsync(JobInfo info, string owner, string? initialProgressJson, CancellationToken cancellationToken);

    /// <summary>The job, or null when no job has that name.</summary>
    Task<StoredJob?> GetJobAsync(string name, CancellationToken cancellationToken);

    /// <summary>Every job, of every owner, ordered by name.</summary>
    Task<IReadOnlyList<StoredJob>> ListJobsAsync(CancellationToken cancellationToken);

    /// <summary>Rewrites job_info if <paramref name="owner"/> still owns the job at <paramref name="ownerEpoch"/>; false otherwise.</summary>
    Task<bool> UpdateJobInfoAsync(JobInfo info, string owner, long ownerEpoch, CancellationToken cancellationToken);

    /// <summary>Deletes the job and its progress in one transaction; false when it did not exist.</summary>
    Task<bool> DeleteJobAsync(string name, CancellationToken cancellationToken);

    /// <summary>The progress JSON, or null when none was saved.</summary>
    Task<string?> GetProgressAsync(string name, CancellationToken cancellationToken);

    /// <summary>Upserts the progress JSON if <paramref name="owner"/> still owns the job at <paramref name="ownerEpoch"/>; false otherwise.</summary>
    Task<bool> SaveProgressAsync(string name, string progressJson, string owner, long ownerEpoch, CancellationToken cancellationToken);

    /// <summary>
    /// Moves a job to <paramref name="newOwner"/> if its epoch is still <paramref name="expectedEpoch"/>;
    /// returns the new epoch, or null when someone else changed the owner first.
    /// </summary>
    Task<long?> TransferJobAsync(string name, string newOwner, long expectedEpoch, CancellationToken cancellationToken);

    /// <summary>Every job's owner and epoch, by name, without decoding job_info (what the leader assigns by).</summary>
    Task<IReadOnlyList<JobOwnership>> ListOwnershipsAsync(CancellationToken cancellationToken);

    /// <summary>True while <paramref name="owner"/> owns the job at <paramref name="ownerEpoch"/> (the check before a target commit).</summary>
    Task<bool> IsOwnerAsync(string name, string owner, long ownerEpoch, CancellationToken cancellationToken);

    /// <summary>
    /// Takes or renews the leader lease for <paramref name="instance"/>: succeeds when it already holds it or the lease
    /// ran out before <paramref name="now"/> (compare-and-set on the single lease row); the lease then runs until
    /// <paramref name="leaseExpiry"/>. False when another instance holds a live lease.
    /// </summary>
    Task<bool> TryHoldLeadershipAsync(string instance, DateTimeOffset now, DateTimeOffset leaseExpiry, CancellationToken cancellationToken);

    /// <summary>Gives the leader lease up if <paramref name="instance"/> holds it (clean shutdown: the next leader need not wait).</summary>
    Task ReleaseLeadershipAsync(string instance, CancellationToken cancellationToken);

    /// <summary>Inserts or refreshes an instance's heartbeat and lease.</summary>
    Task HeartbeatAsync(SyncerRecord syncer, CancellationToken cancellationToken);

    /// <summary>Every registered instance.</summary>
    Task<IReadOnlyList<SyncerRecord>> ListSyncersAsync(CancellationToken cancellationToken);

    /// <summary>Removes an instance's row; false when it was not registered.</summary>
    Task<bool> RemoveSyncerAsync(string instance, CancellationToken cancellationToken);
}
