using System.Collections.Concurrent;

namespace MiniDoris.Fe.Backup;

/// <summary>One DOWNLOAD task: a target replica fetches a source tablet's snapshot dir from a source BE.</summary>
public sealed record RestoreDownloadTask(
    long JobId, long TabletId, long BackendId, long SourceTabletId, long RemoteBackendId, string Host, int Port, string Dir, string Token)
{
    public string Key => $"{TabletId}@{BackendId}";
}

/// <summary>
/// What the target BEs downloaded for running restore jobs, kept in memory (as files in a BE's download dir until
/// the job's commit moves them): a restart sends a DOWNLOADING job back to DOWNLOAD.
/// </summary>
public sealed class RestoreDownloads
{
    private readonly ConcurrentDictionary<long, JobDownloads> _jobs = new();

    public JobDownloads For(long jobId) => _jobs.GetOrAdd(jobId, _ => new JobDownloads());

    public bool Has(long jobId) => _jobs.ContainsKey(jobId);

    public void Forget(long jobId) => _jobs.TryRemove(jobId, out _);

    /// <summary>Downloads of one job: finished tasks, per-tablet files, and failed tasks waiting to retry.</summary>
    public sealed class JobDownloads
    {
        public ConcurrentDictionary<string, bool> Done { get; } = new();

        public ConcurrentDictionary<long, IReadOnlyDictionary<string, byte[]>> Files { get; } = new();

        public ConcurrentDictionary<string, (string Error, long RetryAt)> Failed { get; } = new();
    }
}
