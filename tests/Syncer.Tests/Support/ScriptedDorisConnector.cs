using System.Collections.Concurrent;
using Syncer.Cluster;
using Syncer.Jobs;

namespace Syncer.Tests.Support;

/// <summary>Connects <see cref="ClusterSpec"/>s to <see cref="ScriptedDorisCluster"/>s by host:port, checking the password like an FE would.</summary>
public sealed class ScriptedDorisConnector : IDorisSqlConnector
{
    private readonly ConcurrentDictionary<string, ScriptedDorisCluster> _clusters = new(StringComparer.Ordinal);

    /// <summary>The password every scripted FE accepts for user root.</summary>
    public string Password { get; set; } = "";

    /// <summary>Addresses whose connect never completes (a firewall dropping packets).</summary>
    public ConcurrentDictionary<string, byte> Unresponsive { get; } = new(StringComparer.Ordinal);

    public ScriptedDorisCluster Add(string host, int port)
    {
        var cluster = new ScriptedDorisCluster(host, port);
        _clusters[$"{host}:{port}"] = cluster;
        return cluster;
    }

    public async Task<IDorisSqlSession> OpenAsync(ClusterSpec cluster, CancellationToken cancellationToken)
    {
        var address = $"{cluster.Host}:{cluster.Port}";
        if (Unresponsive.ContainsKey(address))
        {
            await Task.Delay(Timeout.InfiniteTimeSpan, cancellationToken);
        }
        if (!_clusters.TryGetValue(address, out var target)) throw new IOException($"Connection refused ({address})");
        if (cluster.Password != Password) throw new IOException($"Access denied for user '{cluster.User}' (using password: YES)");
        return new Session(target);
    }

    private sealed class Session(ScriptedDorisCluster cluster) : IDorisSqlSession
    {
        public Task<SqlResult> QueryAsync(string sql, CancellationToken cancellationToken) => Task.FromResult(cluster.Query(sql));

        public Task ExecuteAsync(string sql, CancellationToken cancellationToken)
        {
            cluster.Execute(sql);
            return Task.CompletedTask;
        }

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
