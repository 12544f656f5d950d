using Syncer.Cluster;
using Syncer.Doris.Rpc;
using Syncer.Doris.Sql;
using Syncer.Jobs;

namespace Syncer.Engine;

/// <summary>
/// The connections one job uses: the source and target FEs over Thrift (master redirect and failover across the FEs
/// listed at creation) and the target BEs — shared with every other job of the same clusters through
/// <see cref="FrontendClientFactory"/> — and the job's own SQL sessions to both FEs, opened lazily and closed again
/// while the job is caught up (<see cref="CloseIdleSqlAsync"/>).
/// </summary>
public sealed class JobClients : IAsyncDisposable
{
    private readonly FrontendClientFactory _frontends;
    private readonly ReconnectingSqlSession _sourceSql;
    private readonly ReconnectingSqlSession _targetSql;

    public JobClients(JobInfo job, FrontendClientFactory frontends, IDorisSqlConnector connector)
    {
        _frontends = frontends;
        SourceFe = frontends.Shared(job.Src);
        TargetFe = frontends.Shared(job.Dest);
        _sourceSql = new ReconnectingSqlSession(connector, job.Src);
        _targetSql = new ReconnectingSqlSession(connector, job.Dest);
    }

    /// <summary>The source cluster's FrontendService.</summary>
    public FailoverFrontendClient SourceFe { get; }

    /// <summary>The target cluster's FrontendService.</summary>
    public FailoverFrontendClient TargetFe { get; }

    /// <summary>SQL on the source FE.</summary>
    public IDorisSqlSession SourceSql => _sourceSql;

    /// <summary>SQL on the target FE.</summary>
    public IDorisSqlSession TargetSql => _targetSql;

    /// <summary>
    /// Called right before every target commit; throws <see cref="JobOwnershipLostException"/> when this instance no longer
    /// owns the job at its epoch, so an instance that lost the job never commits for it (set by the job manager).
    /// </summary>
    public Func<CancellationToken, Task> BeforeTargetCommit { get; set; } = _ => Task.CompletedTask;

    /// <summary>The BackendService of the target BE at <paramref name="host"/>:<paramref name="bePort"/>.</summary>
    public IBackendService Backend(string host, int bePort) => _frontends.Backend(host, bePort);

    /// <summary>
    /// Closes both SQL connections unless a statement is running; the sessions reopen on their next statement. A
    /// caught-up job calls this before it waits: an upsert needs no SQL, and a thousand idle jobs would otherwise hold
    /// two thousand FE connections with their buffers.
    /// </summary>
    public async ValueTask CloseIdleSqlAsync()
    {
        await _sourceSql.CloseIdleAsync().ConfigureAwait(false);
        await _targetSql.CloseIdleAsync().ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        // The Thrift clients belong to the factory (other jobs use them); the SQL sessions are this job's.
        await SourceSql.DisposeAsync().ConfigureAwait(false);
        await TargetSql.DisposeAsync().ConfigureAwait(false);
    }
}
