using System.Net;
using System.Net.Sockets;

namespace Syncer.TestSupport;

/// <summary>Finds TCP ports nobody listens on, for servers that must be told their port up front.</summary>
public static class FreePort
{
    /// <summary>
    /// A port that was free a moment ago on 127.0.0.1. Another process could take it before the caller binds it,
    /// so callers that start external servers should retry on "address in use".
    /// </summary>
    public static int Get()
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)socket.LocalEndPoint!).Port;
    }
}
