using System.Net;
using System.Net.Sockets;

namespace MiniDoris.MySql;

/// <summary>Opens the listening socket minidoris's MySQL server accepts on (the Thrift servers are Apache Thrift's, docs/thrift.md).</summary>
internal static class TcpListenerSocket
{
    private const int Backlog = 512;

    /// <summary>Binds and listens on <paramref name="address"/>:<paramref name="port"/> (0 picks a free port).</summary>
    public static Socket Open(IPAddress address, int port)
    {
        var listener = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            listener.Bind(new IPEndPoint(address, port));
            listener.Listen(Backlog);
            return listener;
        }
        catch
        {
            listener.Dispose();
            throw;
        }
    }

    /// <summary>The port a listener is bound to.</summary>
    public static int PortOf(Socket listener) => ((IPEndPoint)listener.LocalEndPoint!).Port;
}
