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

    /// <summary>
    /// Largest request accepted: 100 MiB, Apache Thrift's default (TConfiguration.DEFAULT_MAX_MESSAGE_SIZE) and Doris's
    /// thrift_max_message_size. A larger declared size ends the connection at once instead of waiting for it.
    /// </summary>
    public int MaxMessageSize { get; init; } = 100 * 1024 * 1024;
}
