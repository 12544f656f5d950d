using System.Diagnostics;
using Prometheus;

namespace Syncer.Observability;

/// <summary>
/// The syncer's Prometheus metrics, kept in a prometheus-net registry of their own (one per service instance, so
/// several syncers in one test process never share series). They cover the Go syncer's set (handling/prev commit
/// seq, handled binlogs, binlog and job counters, error counters) with the job as a <c>job</c> label instead of
/// being spliced into the metric name, plus the replication lag, job counts by state and an apply-latency
/// histogram. Per-job series are kept until the job is deleted, so an idle job's gauges stay visible (the Go
/// syncer's 60 s expiry hid them). New metrics: create them through <see cref="Factory"/>, or through
/// <see cref="CreateJobGauge"/>/<see cref="CreateJobCounter"/> when they are per job so that deleting a job
/// drops their series too.
/// </summary>
public sealed class SyncerMetrics
{
    /// <summary>The label that names the job on every per-job series.</summary>
    public const string JobLabel = "job";

    /// <summary>Apply-latency buckets in seconds: one binlog takes milliseconds (a small upsert) to minutes (a big ingest).</summary>
    private static readonly double[] ApplyLatencyBuckets = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300];

    private readonly List<Action<string>> _jobRemovers = [];
    private readonly Gauge _handlingCommitSeq;
    private readonly Gauge _prevCommitSeq;
    private readonly Counter _handledBinlogs;
    private readonly Gauge _lag;
    private readonly Gauge _jobState;
    private readonly Counter _applySeconds;
    private readonly Counter _applyCount;
    private readonly Histogram _applyLatency;
    private readonly Counter _jobErrors;
    private readonly Gauge _syncState;
    private readonly Counter _binlogs;
    private readonly Counter _jobsCreated;
    private readonly Counter _errors;
    private readonly Gauge _isLeader;
    private readonly Gauge _ownedJobs;
    private readonly Gauge _leaseAge;
    private readonly Counter _filteredBinlogs;
    private readonly Counter _keptDrops;

    /// <summary>Creates the registry; <paramref name="time"/> stamps the process start.</summary>
    public SyncerMetrics(TimeProvider time)
    {
        Registry = Metrics.NewCustomRegistry();
        Factory = Metrics.WithCustomRegistry(Registry);
        _handlingCommitSeq = CreateJobGauge("ccr_job_handling_commit_seq", "Commit seq of the binlog the job is handling (-1 right after creation).");
        _prevCommitSeq = CreateJobGauge("ccr_job_prev_commit_seq", "Commit seq of the last binlog fully applied on the destination.");
        _handledBinlogs = CreateJobCounter("ccr_job_handled_binlogs_total", "Binlogs applied by the job.");
        _lag = CreateJobGauge("ccr_job_lag", "Binlogs the source has that the job has not applied yet (as reported by the source FE).");
        _jobState = CreateJobGauge("ccr_job_state",
            "1 for the job's current user state (running, paused, or done for a finished one-shot migration), 0 otherwise.", "state");
        _filteredBinlogs = CreateJobCounter("ccr_job_filtered_binlogs_total",
            "Binlogs of tables outside a database job's include_tables/exclude_tables filter, marked done without being applied.");
        _keptDrops = CreateJobCounter("ccr_job_kept_drops_total",
            "Source drops of tables or partitions not replayed on the target because the job's drop_policy is keep.");
        _applySeconds = CreateJobCounter("ccr_job_apply_seconds_sum",
            "Seconds spent applying binlogs (with ccr_job_apply_seconds_count: the mean apply latency).");
        _applyCount = CreateJobCounter("ccr_job_apply_seconds_count", "Binlog applies timed in ccr_job_apply_seconds_sum.");
        _applyLatency = Factory.CreateHistogram("ccr_job_apply_latency_seconds", "Seconds one binlog apply took, by job.",
            new HistogramConfiguration { LabelNames = [JobLabel], Buckets = ApplyLatencyBuckets });
        _jobRemovers.Add(job => RemoveSeriesOf(_applyLatency, job));
        _jobErrors = CreateJobCounter("ccr_job_errors_total", "Failed sync steps of a job by kind (transient, permanent, metachanged).", "kind");
        _syncState = CreateJobGauge("ccr_job_sync_state", "1 for the job's current sync phase (TableFullSync, TableIncrementalSync, ...).", "sync_state");
        _binlogs = Factory.CreateCounter("ccr_binlogs_handled_total", "Binlogs applied by all jobs of this instance.");
        _jobsCreated = Factory.CreateCounter("ccr_jobs_created_total", "Jobs created through /create_ccr on this instance.");
        _errors = Factory.CreateCounter("ccr_sync_errors_total",
            "Failed sync steps by error category (normal, rpc, db, fe, be, meta) and kind (recoverable, panic).", ["category", "kind"]);
        _isLeader = Factory.CreateGauge("ccr_syncer_is_leader", "1 while this instance holds the leader lease (mysql store).");
        _ownedJobs = Factory.CreateGauge("ccr_syncer_owned_jobs", "Jobs this instance owns and runs.");
        _leaseAge = Factory.CreateGauge("ccr_syncer_lease_age_seconds", "Seconds since this instance last renewed its lease.");

        // The process series keep the names they had before prometheus-net; its own DotNetStats set is not registered
        // because it would export process_start_time_seconds from the wall clock instead of the injected TimeProvider.
        Factory.CreateGauge("process_start_time_seconds", "Start time of the process since the Unix epoch in seconds.")
            .Set(time.GetUtcNow().ToUnixTimeMilliseconds() / 1000.0);
        var residentMemory = Factory.CreateGauge("process_resident_memory_bytes", "Resident memory size in bytes.");
        var gcHeap = Factory.CreateGauge("dotnet_gc_heap_size_bytes", "Bytes in the managed heap.");
        Registry.AddBeforeCollectCallback(() =>
        {
            using (var process = Process.GetCurrentProcess()) residentMemory.Set(process.WorkingSet64);
            gcHeap.Set(GC.GetTotalMemory(forceFullCollection: false));
        });
    }

    /// <summary>The registry <c>/metrics</c> exports.</summary>
    public CollectorRegistry Registry { get; }

    /// <summary>Creates metrics in <see cref="Registry"/> (instance-wide ones; per-job ones through <see cref="CreateJobGauge"/>).</summary>
    public IMetricFactory Factory { get; }

    /// <summary>Creates a gauge labelled by <c>job</c> (then <paramref name="moreLabels"/>) whose series go away with the job.</summary>
    public Gauge CreateJobGauge(string name, string help, params string[] moreLabels)
    {
        var gauge = Factory.CreateGauge(name, help, [JobLabel, .. moreLabels]);
        lock (_jobRemovers) _jobRemovers.Add(job => RemoveSeriesOf(gauge, job));
        return gauge;
    }

    /// <summary>Creates a counter labelled by <c>job</c> (then <paramref name="moreLabels"/>) whose series go away with the job.</summary>
    public Counter CreateJobCounter(string name, string help, params string[] moreLabels)
    {
        var counter = Factory.CreateCounter(name, help, [JobLabel, .. moreLabels]);
        lock (_jobRemovers) _jobRemovers.Add(job => RemoveSeriesOf(counter, job));
        return counter;
    }

    /// <summary>
    /// The instance holds <paramref name="job"/> (created, recovered at start or adopted): its counters and latency
    /// histogram are published at zero, so dashboards and alerts see the job before its first binlog.
    /// </summary>
    public void JobKnown(string job)
    {
        _handledBinlogs.WithLabels(job).Publish();
        _applySeconds.WithLabels(job).Publish();
        _applyCount.WithLabels(job).Publish();
        _applyLatency.WithLabels(job).Publish();
        _filteredBinlogs.WithLabels(job).Publish();
        _keptDrops.WithLabels(job).Publish();
    }

    /// <summary>A job was created through the API.</summary>
    public void JobCreated(string job)
    {
        _jobsCreated.Inc();
        _handlingCommitSeq.WithLabels(job).Set(-1);
        JobKnown(job);
    }

    /// <summary>A job was loaded from the store at start: its stored position and phase are published right away.</summary>
    public void JobRecovered(string job, string syncState, long prevCommitSeq, long commitSeq)
    {
        JobKnown(job);
        _handlingCommitSeq.WithLabels(job).Set(commitSeq);
        Progress(job, syncState, prevCommitSeq);
    }

    /// <summary>The job started handling the binlog with <paramref name="commitSeq"/>.</summary>
    public void HandlingCommitSeq(string job, long commitSeq) => _handlingCommitSeq.WithLabels(job).Set(commitSeq);

    /// <summary>The job's applied position moved to <paramref name="commitSeq"/>.</summary>
    public void PrevCommitSeq(string job, long commitSeq) => _prevCommitSeq.WithLabels(job).Set(commitSeq);

    /// <summary>The job finished one binlog.</summary>
    public void BinlogHandled(string job)
    {
        _handledBinlogs.WithLabels(job).Inc();
        _binlogs.Inc();
    }

    /// <summary>The job persisted progress: its phase and applied position.</summary>
    public void Progress(string job, string syncState, long prevCommitSeq)
    {
        PrevCommitSeq(job, prevCommitSeq);
        foreach (var labels in _syncState.GetAllLabelValues())
        {
            if (labels[0] == job && labels[1] != syncState) _syncState.RemoveLabelled(labels);
        }
        _syncState.WithLabels(job, syncState).Set(1);
    }

    /// <summary>The job applied binlogs up to <paramref name="commitSeq"/> in <paramref name="elapsed"/>.</summary>
    public void BinlogApplied(string job, TimeSpan elapsed, long commitSeq)
    {
        BinlogHandled(job);
        HandlingCommitSeq(job, commitSeq);
        _applySeconds.WithLabels(job).Inc(elapsed.TotalSeconds);
        _applyCount.WithLabels(job).Inc();
        _applyLatency.WithLabels(job).Observe(elapsed.TotalSeconds);
    }

    /// <summary>
    /// A step of the job failed: counted per job and kind, and in the Go syncer's instance-wide family (metadata drift
    /// is its "meta" category; the engine retries everything else, Go's "recoverable").
    /// </summary>
    public void Error(string job, string kind)
    {
        _jobErrors.WithLabels(job, kind).Inc();
        SyncError(kind == "metachanged" ? "meta" : "normal", panic: false);
    }

    /// <summary>The latest lag the source reported for the job.</summary>
    public void Lag(string job, long lag) => _lag.WithLabels(job).Set(lag);

    /// <summary>The job's user state changed.</summary>
    public void State(string job, string state)
    {
        _jobState.WithLabels(job, "running").Set(state == "running" ? 1 : 0);
        _jobState.WithLabels(job, "paused").Set(state == "paused" ? 1 : 0);
        _jobState.WithLabels(job, "done").Set(state == "done" ? 1 : 0);
    }

    /// <summary>The job skipped a binlog of a table outside its filter.</summary>
    public void BinlogFiltered(string job) => _filteredBinlogs.WithLabels(job).Inc();

    /// <summary>The job kept a table or partition on the target that the source dropped (drop_policy keep).</summary>
    public void DropKept(string job) => _keptDrops.WithLabels(job).Inc();

    /// <summary>A sync step failed with a categorized error.</summary>
    public void SyncError(string category, bool panic) => _errors.WithLabels(category, panic ? "panic" : "recoverable").Inc();

    /// <summary>The instance's high-availability state (set on every check-in).</summary>
    public void Cluster(bool leader, int ownedJobs, TimeSpan? leaseAge)
    {
        _isLeader.Set(leader ? 1 : 0);
        _ownedJobs.Set(ownedJobs);
        if (leaseAge is { } age) _leaseAge.Set(Math.Round(age.TotalSeconds, 3));
    }

    /// <summary>Forgets every series of a deleted job.</summary>
    public void RemoveJob(string job)
    {
        Action<string>[] removers;
        lock (_jobRemovers) removers = [.. _jobRemovers];
        foreach (var remove in removers) remove(job);
    }

    /// <summary>The exposition text (Prometheus text format 0.0.4), as <c>/metrics</c> serves it.</summary>
    public async Task<string> RenderAsync(CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        await Registry.CollectAndExportAsTextAsync(buffer, ExpositionFormat.PrometheusText, cancellationToken);
        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static void RemoveSeriesOf<TChild>(Collector<TChild> collector, string job) where TChild : ChildBase
    {
        foreach (var labels in collector.GetAllLabelValues())
        {
            if (labels[0] == job) collector.RemoveLabelled(labels);
        }
    }
}
