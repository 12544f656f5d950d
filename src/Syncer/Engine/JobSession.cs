using Microsoft.Extensions.Logging;
using Syncer.Configuration;
using Syncer.Doris.Thrift;
using Syncer.Engine.Apply;
using Syncer.Engine.Binlogs;
using Syncer.Engine.Fetch;
using Syncer.Jobs;

namespace Syncer.Engine;

/// <summary>
/// What a job's steps share while the job runs in this process: its connections, cached layouts, handlers, and the
/// little state that need not survive a restart (binlogs fetched but not yet applied, the seq whose start this process
/// persisted). Everything a restart needs is in the persisted progress.
/// </summary>
public sealed class JobSession : IAsyncDisposable
{
    public JobSession(ManagedJob job, JobClients clients, FrontendCallBudget budget, SyncerOptions options, TimeProvider time, ILogger logger)
    {
        Job = job;
        Clients = clients;
        Budget = budget;
        Options = options;
        Time = time;
        Logger = logger;
        SourceMeta = new ClusterMeta(clients.SourceFe, job.Stored.Info.Src);
        TargetMeta = new ClusterMeta(clients.TargetFe, job.Stored.Info.Dest, isTarget: true);
        Handlers = BinlogHandlers.CreateDefault([new UpsertHandler(clients, SourceMeta, TargetMeta, Math.Max(1, options.MaxIngestConcurrencyPerBackend), time)]);
    }

    /// <summary>The job.</summary>
    public ManagedJob Job { get; }

    /// <summary>The job's definition as last persisted.</summary>
    public JobInfo Info => Job.Stored.Info;

    /// <summary>Connections to both clusters.</summary>
    public JobClients Clients { get; }

    /// <summary>The getBinlog budget of the source FEs, shared with every job and the binlog watcher.</summary>
    public FrontendCallBudget Budget { get; }

    /// <summary>The instance's settings.</summary>
    public SyncerOptions Options { get; }

    /// <summary>The clock.</summary>
    public TimeProvider Time { get; }

    /// <summary>The job's logger.</summary>
    public ILogger Logger { get; }

    /// <summary>The instance's metrics, for counters a step keeps (filtered binlogs, kept drops); null in tests without them.</summary>
    public Observability.SyncerMetrics? Metrics { get; init; }

    /// <summary>Source table layouts.</summary>
    public ClusterMeta SourceMeta { get; }

    /// <summary>Target table layouts.</summary>
    public ClusterMeta TargetMeta { get; }

    /// <summary>The binlog handlers.</summary>
    public BinlogHandlers Handlers { get; }

    /// <summary>Binlogs fetched and not yet applied, in commit order.</summary>
    public Queue<TBinlog> Pending { get; } = new();

    /// <summary>The commit seq whose start marker this process persisted and has not tried yet (so that first try is not a replay).</summary>
    public long StartedHere { get; set; }

    /// <summary>The snapshot of the running full sync, kept between getSnapshot and restoreSnapshot.</summary>
    public FullSync.FetchedSnapshot? Snapshot { get; set; }

    /// <summary>
    /// Database jobs: source table ids found unmappable (gone from the source, or absent from the target), so a dropped
    /// table's backlog does not list both catalogs once per binlog. Forgotten with the cluster state.
    /// </summary>
    public HashSet<long> UnresolvableTables { get; } = [];

    /// <summary>Database jobs: the unmapped source table ids whose current name the include/exclude filter leaves out.</summary>
    public HashSet<long> FilteredTables { get; } = [];

    /// <summary>Forgets the cached table layouts (after DDL, or a failed apply that may come from a stale layout).</summary>
    public void ForgetLayouts()
    {
        SourceMeta.Invalidate();
        TargetMeta.Invalidate();
    }

    /// <summary>Forgets what the process learnt about both clusters (after a full sync or a metadata surprise).</summary>
    public void ForgetClusterState()
    {
        ForgetLayouts();
        Pending.Clear();
        Snapshot = null;
        UnresolvableTables.Clear();
        FilteredTables.Clear();
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync() => Clients.DisposeAsync();
}
