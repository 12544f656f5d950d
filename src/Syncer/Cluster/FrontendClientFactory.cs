using System.Collections.Concurrent;
using System.Globalization;
using Syncer.Doris.Rpc;
using Syncer.Jobs;

namespace Syncer.Cluster;

/// <summary>
/// Builds the FE Thrift client for a cluster spec: the spec's host and thrift_port first, the FEs listed at
/// creation as failover addresses, master redirects followed (<see cref="FailoverFrontendClient"/>), with the
/// process's connect and call timeouts. One place, so the lag API, the binlog watcher and the job runner reach
/// an FE the same way.
/// </summary>
public sealed class FrontendClientFactory(ClusterTimeouts timeouts, TimeSpan? commitTxnTimeout = null) : IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, Lazy<FailoverFrontendClient>> _shared = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<(string Host, int Port), Lazy<BackendClient>> _backends = new();

    /// <summary>Parses a Thrift port string ("9020"); false unless it is a number in 1-65535.</summary>
    public static bool TryParsePort(string? text, out int port) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out port) && port is >= 1 and <= 65535;

    /// <summary>The spec's own FE (host and thrift_port), the address calls go to first.</summary>
    /// <exception cref="ArgumentException">thrift_port is not a port (a job adopted from a Go store was never validated here).</exception>
    public static FrontendEndpoint PrimaryEndpoint(ClusterSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        return TryParsePort(spec.ThriftPort, out var port)
            ? new FrontendEndpoint(spec.Host, port)
            : throw new ArgumentException($"thrift_port \"{spec.ThriftPort}\" of {spec.Host} is not a valid port (1-65535)", nameof(spec));
    }

    /// <summary>The FEs listed at creation, skipping entries whose thrift_port is not a port.</summary>
    public static IEnumerable<FrontendEndpoint> FailoverEndpoints(ClusterSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        foreach (var fe in spec.Frontends)
        {
            if (TryParsePort(fe.ThriftPort, out var port)) yield return new FrontendEndpoint(fe.Host, port);
        }
    }

    /// <summary>A new client for <paramref name="spec"/>'s cluster; the caller disposes it.</summary>
    /// <exception cref="ArgumentException">thrift_port is not a port.</exception>
    public FailoverFrontendClient Create(ClusterSpec spec) =>
        new(PrimaryEndpoint(spec), FailoverEndpoints(spec), Options, commitTxnTimeout);

    /// <summary>
    /// The client every job of <paramref name="spec"/>'s cluster shares (same FE list): its pooled connections and the
    /// master it learnt serve them all, so a thousand idle jobs hold a handful of connections, not two thousand.
    /// Owned by this factory; callers do not dispose it.
    /// </summary>
    /// <exception cref="ArgumentException">thrift_port is not a port.</exception>
    public FailoverFrontendClient Shared(ClusterSpec spec)
    {
        var primary = PrimaryEndpoint(spec);
        var key = string.Join(",", FailoverEndpoints(spec).Prepend(primary).Select(e => $"{e.Host}:{e.Port}"));
        return _shared.GetOrAdd(key, _ => new Lazy<FailoverFrontendClient>(() => Create(spec))).Value;
    }

    /// <summary>The BackendService client of the BE at <paramref name="host"/>:<paramref name="bePort"/>, shared by every job.</summary>
    public IBackendService Backend(string host, int bePort) =>
        _backends.GetOrAdd((host, bePort), key => new Lazy<BackendClient>(() => new BackendClient(Options(new FrontendEndpoint(key.Host, key.Port))))).Value;

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        foreach (var client in _shared.Values.Where(c => c.IsValueCreated)) await client.Value.DisposeAsync().ConfigureAwait(false);
        foreach (var client in _backends.Values.Where(c => c.IsValueCreated)) await client.Value.DisposeAsync().ConfigureAwait(false);
        _shared.Clear();
        _backends.Clear();
    }

    private ThriftClientOptions Options(FrontendEndpoint endpoint) =>
        new(endpoint.Host, endpoint.Port) { ConnectTimeout = timeouts.Connect, CallTimeout = timeouts.Call };
}
