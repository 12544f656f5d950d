using System.Collections.Concurrent;
using Syncer.Cluster;
using Syncer.Doris.Rpc;
using Syncer.Doris.Sql;
using Syncer.Jobs;
using Syncer.Wire.Thrift.Client;

namespace Syncer.Engine;

/// <summary>
/// The connections one job uses, opened lazily and kept for the job's life: the source and target FEs over Thrift
/// (master redirect and failover across the FEs listed at creation), SQL sessions to both, and BackendService clients
/// of the target BEs by address.
/// </summary>
public sealed class JobClients : IAsyncDisposable
{
    private readonly ConcurrentDictionary<(string Host, int Port), BackendClient> _backends = new();
    private readonly ClusterTimeouts _timeouts;

    public JobClients(JobInfo job, FrontendClientFactory frontends, IDorisSqlConnector connector, ClusterTimeouts timeouts)
    {
        _timeouts = timeouts;
        SourceFe = frontends.Create(job.Src);
        TargetFe = frontends.Create(job.Dest);
        SourceSql = new ReconnectingSqlSession(connector, job.Src);
        TargetSql = new ReconnectingSqlSession(connector, job.Dest);
    }

    /// <summary>The source cluster's FrontendService.</summary>
    public FailoverFrontendClient SourceFe { get; }

    /// <summary>The target cluster's FrontendService.</summary>
    public FailoverFrontendClient TargetFe { get; }

    /// <summary>SQL on the source FE.</summary>
    public IDorisSqlSession SourceSql { get; }

    /// <summary>SQL on the target FE.</summary>
    public IDorisSqlSession TargetSql { get; }

    /// <summary>The BackendService of the target BE at <paramref name="host"/>:<paramref name="bePort"/>.</summary>
    public IBackendService Backend(string host, int bePort) =>
        _backends.GetOrAdd((host, bePort), key => new BackendClient(Options(key.Host, key.Port)));

    private ThriftClientOptions Options(string host, int port) =>
        new(host, port) { ConnectTimeout = _timeouts.Connect, CallTimeout = _timeouts.Call };

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await SourceFe.DisposeAsync().ConfigureAwait(false);
        await TargetFe.DisposeAsync().ConfigureAwait(false);
        await SourceSql.DisposeAsync().ConfigureAwait(false);
        await TargetSql.DisposeAsync().ConfigureAwait(false);
        foreach (var backend in _backends.Values) await backend.DisposeAsync().ConfigureAwait(false);
        _backends.Clear();
    }
}
