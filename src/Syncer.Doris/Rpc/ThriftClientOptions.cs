namespace Syncer.Doris.Rpc;

/// <summary>Where a Doris Thrift client (<see cref="FrontendClient"/>, <see cref="BackendClient"/>) connects and how long it waits.</summary>
public sealed record ThriftClientOptions(string Host, int Port)
{
    /// <summary>How long to wait for the TCP connection (the Go syncer's -connect_timeout, 10 s).</summary>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Default time for one call, from sending the request to reading the reply (-rpc_timeout, 30 s).</summary>
    public TimeSpan CallTimeout { get; init; } = TimeSpan.FromSeconds(30);

    public ThriftTransportMode Transport { get; init; } = ThriftTransportMode.Buffered;

    /// <summary>Connections opened at most at once; further callers wait for one to be returned.</summary>
    public int MaxConnections { get; init; } = 64;

    /// <summary>Idle connections kept for reuse.</summary>
    public int MaxIdleConnections { get; init; } = 16;

    /// <summary>Largest reply accepted (Apache Thrift's MaxMessageSize); snapshots can be large, so the default is the largest .NET allows.</summary>
    public int MaxMessageSize { get; init; } = Array.MaxLength;
}
