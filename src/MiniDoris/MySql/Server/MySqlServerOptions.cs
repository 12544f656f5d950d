using System.Net;

namespace MiniDoris.MySql;

/// <summary>Listening address and protocol details of a <see cref="MySqlServer"/>.</summary>
public sealed record MySqlServerOptions
{
    public IPAddress Address { get; init; } = IPAddress.Loopback;

    /// <summary>TCP port; 0 picks a free one (read it back from <see cref="MySqlServer.Port"/>).</summary>
    public int Port { get; init; }

    /// <summary>Version announced in the greeting; Doris FE announces "5.7.99", which clients use to pick features.</summary>
    public string ServerVersion { get; init; } = "5.7.99";

    /// <summary>Collation id announced in the greeting: 33 (utf8mb3_general_ci) as Doris does.</summary>
    public byte CharacterSet { get; init; } = 33;

    /// <summary>
    /// Offer CLIENT_DEPRECATE_EOF (result sets end with an OK packet instead of EOF). Off by default to answer like
    /// MySQL 5.7; clients (MySqlConnector, the mariadb CLI) handle both.
    /// </summary>
    public bool DeprecateEof { get; init; }

    /// <summary>A client that has not finished logging in within this time is disconnected.</summary>
    public TimeSpan HandshakeTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>The first connection id handed out; ids then increase by one.</summary>
    public uint FirstConnectionId { get; init; } = 1;

    /// <summary>Largest command payload accepted from a client (MySQL's max_allowed_packet).</summary>
    public int MaxAllowedPacket { get; init; } = 64 * 1024 * 1024;

    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;
}
