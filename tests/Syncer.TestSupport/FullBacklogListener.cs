using System.Net;
using System.Net.Sockets;

namespace Syncer.TestSupport;

/// <summary>
/// A loopback listener that never accepts and whose backlog is full: Linux then drops further SYNs,
/// so a new connect neither succeeds nor is refused until the client's own connect timeout ends it.
/// This is how tests provoke a connect timeout without ever contacting an address off the machine.
/// </summary>
public sealed class FullBacklogListener : IDisposable
{
    private readonly Socket _listener;
    private readonly List<Socket> _fillers = [];

    private FullBacklogListener()
    {
        _listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        _listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        _listener.Listen(0);
        Port = ((IPEndPoint)_listener.LocalEndPoint!).Port;
    }

    public int Port { get; }

    public static FullBacklogListener Start()
    {
        var listener = new FullBacklogListener();
        try
        {
            // Backlog 0 admits one or two queued connections depending on the kernel; eight non-blocking
            // connects fill it with room to spare.
            for (var i = 0; i < 8; i++)
            {
                var filler = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { Blocking = false };
                listener._fillers.Add(filler);
                try
                {
                    filler.Connect(IPAddress.Loopback, listener.Port);
                }
                catch (SocketException e) when (e.SocketErrorCode == SocketError.WouldBlock)
                {
                    // Pending: the backlog is full from here on.
                }
            }

            return listener;
        }
        catch
        {
            listener.Dispose();
            throw;
        }
    }

    public void Dispose()
    {
        _fillers.ForEach(f => f.Dispose());
        _listener.Dispose();
    }
}
