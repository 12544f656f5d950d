using System.Net;
using Syncer.Wire.Thrift.Transport;

namespace Syncer.Wire.Thrift.Server;

/// <summary>Where a <see cref="ThriftServer"/> listens and how it frames messages.</summary>
public sealed record ThriftServerOptions
{
    /// <summary>Address to bind; tests and minidoris use loopback only.</summary>
    public IPAddress Address { get; init; } = IPAddress.Loopback;

    /// <summary>Port to bind; 0 picks a free one (read it back from <see cref="ThriftServer.Port"/>).</summary>
    public int Port { get; init; }

    public ThriftTransportMode Transport { get; init; } = ThriftTransportMode.Buffered;

    /// <summary>Largest request accepted.</summary>
    public int MaxMessageSize { get; init; } = Array.MaxLength;
}
