using System.Net;
using System.Net.Sockets;

namespace Syncer.Tests.Support;

/// <summary>Free loopback ports for servers started by tests.</summary>
public static class TestPorts
{
    /// <summary>A port that was free a moment ago (the OS picks it, so parallel tests do not collide).</summary>
    public static int GetFree()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
