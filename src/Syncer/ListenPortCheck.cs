using System.Net;
using System.Net.Sockets;

namespace Syncer;

/// <summary>
/// Checks, before the service opens its job store, that the HTTP port can be bound: a second instance started on a port
/// another one holds must fail without reading, migrating or heartbeating the store. The probe socket is closed again
/// at once; the web server binds for real moments later (and job recovery waits for that bind in any case).
/// </summary>
public static class ListenPortCheck
{
    /// <summary>Throws <see cref="IOException"/> ("address already in use") when <paramref name="port"/> is taken on <paramref name="bindAddress"/>.</summary>
    public static void EnsureFree(string bindAddress, int port)
    {
        var address = bindAddress == "localhost" ? IPAddress.Loopback : IPAddress.Parse(bindAddress);
        using var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            socket.Bind(new IPEndPoint(address, port));
            socket.Listen(1);
        }
        catch (SocketException e) when (e.SocketErrorCode == SocketError.AddressAlreadyInUse)
        {
            throw new IOException($"cannot listen on {bindAddress}:{port}: address already in use (is another ccr_syncer running there?)", e);
        }
    }
}
