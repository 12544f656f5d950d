using System.Diagnostics;
using System.Text;

namespace Syncer.Observability;

/// <summary>
/// The syncer's Prometheus metrics. They cover the Go syncer's set (handling/prev commit seq, handled
/// binlogs, binlog and job counters, error counters) with the job as a <c>job</c> label instead of being
/// spliced into the metric name, plus the replication lag and job counts by state.
/// </summary>
public sealed class SyncerMetrics
{
    private readonly MetricFamily _handlingCommitSeq = new("ccr_job_handling_commit_seq", "gauge",
        "Commit seq of the binlog the job is handling (-1 right after creation).", "job");
    private readonly MetricFamily _prevCommitSeq = new("ccr_job_prev_commit_seq", "gauge",
        "Commit seq of the last binlog fully applied on the destination.", "job");
    private readonly MetricFamily _handledBinlogs = new("ccr_job_handled_binlogs_total", "counter",
        "Binlogs applied by the job.", "job");
    private readonly MetricFamily _lag = new("ccr_job_lag", "gauge",
        "Binlogs the source has that the job has not applied yet (as reported by the source FE).", "job");
    private readonly MetricFamily _jobState = new("ccr_job_state", "gauge",
        "1 for the job's current user state (running, paused, or done for a finished one-shot migration), 0 otherwise.", "job", "state");
    private readonly MetricFamily _filteredBinlogs = new("ccr_job_filtered_binlogs_total", "counter",
        "Binlogs of tables outside a database job's include_tables/exclude_tables filter, marked done without being applied.", "job");
    private readonly MetricFamily _keptDrops = new("ccr_job_kept_drops_total", "counter",
        "Source drops of tables or partitions not replayed on the target because the job's drop_policy is keep.", "job");
    private readonly MetricFamily _binlogs = new("ccr_binlogs_handled_total", "counter",
        "Binlogs applied by all jobs of this instance.");
    private readonly MetricFamily _jobsCreated = new("ccr_jobs_created_total", "counter",
        "Jobs created through /create_ccr on this instance.");
    private readonly MetricFamily _errors = new("ccr_sync_errors_total", "counter",
        "Failed sync steps by error category (normal, rpc, db, fe, be, meta) and kind (recoverable, panic).", "category", "kind");
    private readonly MetricFamily _applySeconds = new("ccr_job_apply_seconds_sum", "counter",
        "Seconds spent applying binlogs (with ccr_job_apply_seconds_count: the mean apply latency).", "job");
    private readonly MetricFamily _applyCount = new("ccr_job_apply_seconds_count", "counter",
        "Binlog applies timed in ccr_job_apply_seconds_sum.", "job");
    private readonly MetricFamily _jobErrors = new("ccr_job_errors_total", "counter",
        "Failed sync steps of a job by kind (transient, permanent, metachanged).", "job", "kind");
    private readonly MetricFamily _syncState = new("ccr_job_sync_state", "gauge",
        "1 for the job's current sync phase (TableFullSync, TableIncrementalSync, ...).", "job", "sync_state");
    private readonly MetricFamily _startTime = new("process_start_time_seconds", "gauge",
        "Start time of the process since the Unix epoch in seconds.");
    private readonly MetricFamily _residentMemory = new("process_resident_memory_bytes", "gauge",
        "Resident memory size in bytes.");
    private readonly MetricFamily _gcHeap = new("dotnet_gc_heap_size_bytes", "gauge",
        "Bytes in the managed heap.");

    /// <summary>Creates the registry; <paramref name="time"/> stamps the process start.</summary>
    public SyncerMetrics(TimeProvider time)
    {
        _startTime.Set(time.GetUtcNow().ToUnixTimeMilliseconds() / 1000.0);
        _binlogs.Add(0);
        _jobsCreated.Add(0);
    }

    /// <summary>A job was created through the API.</summary>
    public void JobCreated(string job)
    {
        _jobsCreated.Add(1);
        _handlingCommitSeq.Set(-1, job);
    }

    /// <summary>The job started handling the binlog with <paramref name="commitSeq"/>.</summary>
    public void HandlingCommitSeq(string job, long commitSeq) => _handlingCommitSeq.Set(commitSeq, job);

    /// <summary>The job's applied position moved to <paramref name="commitSeq"/>.</summary>
    public void PrevCommitSeq(string job, long commitSeq) => _prevCommitSeq.Set(commitSeq, job);

    /// <summary>The job finished one binlog.</summary>
    public void BinlogHandled(string job)
    {
        _handledBinlogs.Add(1, job);
        _binlogs.Add(1);
    }

    /// <summary>The job persisted progress: its phase and applied position.</summary>
    public void Progress(string job, string syncState, long prevCommitSeq)
    {
        PrevCommitSeq(job, prevCommitSeq);
        _syncState.RemoveWhere("job", job);
        _syncState.Set(1, job, syncState);
    }

    /// <summary>The job applied binlogs up to <paramref name="commitSeq"/> in <paramref name="elapsed"/>.</summary>
    public void BinlogApplied(string job, TimeSpan elapsed, long commitSeq)
    {
        BinlogHandled(job);
        HandlingCommitSeq(job, commitSeq);
        _applySeconds.Add(elapsed.TotalSeconds, job);
        _applyCount.Add(1, job);
    }

    /// <summary>
    /// A step of the job failed: counted per job and kind, and in the Go syncer's instance-wide family (metadata drift
    /// is its "meta" category; the engine retries everything else, Go's "recoverable").
    /// </summary>
    public void Error(string job, string kind)
    {
        _jobErrors.Add(1, job, kind);
        SyncError(kind == "metachanged" ? "meta" : "normal", panic: false);
    }

    /// <summary>The latest lag the source reported for the job.</summary>
    public void Lag(string job, long lag) => _lag.Set(lag, job);

    /// <summary>The job's user state changed.</summary>
    public void State(string job, string state)
    {
        _jobState.Set(state == "running" ? 1 : 0, job, "running");
        _jobState.Set(state == "paused" ? 1 : 0, job, "paused");
        _jobState.Set(state == "done" ? 1 : 0, job, "done");
    }

    /// <summary>The job skipped a binlog of a table outside its filter.</summary>
    public void BinlogFiltered(string job) => _filteredBinlogs.Add(1, job);

    /// <summary>The job kept a table or partition on the target that the source dropped (drop_policy keep).</summary>
    public void DropKept(string job) => _keptDrops.Add(1, job);

    /// <summary>A sync step failed with a categorized error.</summary>
    public void SyncError(string category, bool panic) => _errors.Add(1, category, panic ? "panic" : "recoverable");

    /// <summary>Forgets every series of a deleted job.</summary>
    public void RemoveJob(string job)
    {
        foreach (var family in new[] { _handlingCommitSeq, _prevCommitSeq, _handledBinlogs, _lag, _jobState, _applySeconds, _applyCount, _jobErrors, _syncState, _filteredBinlogs, _keptDrops })
            family.RemoveWhere("job", job);
    }

    /// <summary>The whole exposition text.</summary>
    public string Render()
    {
        using (var process = Process.GetCurrentProcess()) _residentMemory.Set(process.WorkingSet64);
        _gcHeap.Set(GC.GetTotalMemory(forceFullCollection: false));
        var text = new StringBuilder(2048);
        foreach (var family in new[]
                 {
                     _handlingCommitSeq, _prevCommitSeq, _handledBinlogs, _lag, _jobState, _applySeconds, _applyCount, _jobErrors, _syncState,
                     _filteredBinlogs, _keptDrops,
                     _binlogs, _jobsCreated, _errors,
                     _startTime, _residentMemory, _gcHeap,
                 })
            family.WriteTo(text);
        return text.ToString();
    }
}
