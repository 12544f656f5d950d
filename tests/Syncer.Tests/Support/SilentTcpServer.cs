using System.Net;
using System.Net.Sockets;

namespace Syncer.Tests.Support;

/// <summary>
/// Accepts TCP connections and never says anything: an FE that hangs before its greeting. It numbers what it sees
/// (accepts, and clients hanging up) on one sequence shared by every instance, so a test can assert the order of
/// events across servers (e.g. "both were connected before either attempt gave up") instead of timing them.
/// </summary>
public sealed class SilentTcpServer : IAsyncDisposable
{
    private static long _sequence;
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly List<Socket> _accepted = [];
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _accepting;
    private readonly TaskCompletionSource<long> _firstAccept = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource<long> _firstHangUp = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public SilentTcpServer()
    {
        _listener.Start();
        _accepting = AcceptAsync();
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    /// <summary>The sequence number of the first accepted connection.</summary>
    public Task<long> FirstAccept => _firstAccept.Task;

    /// <summary>The sequence number of the first time a client closed its connection (gave up waiting).</summary>
    public Task<long> FirstHangUp => _firstHangUp.Task;

    private async Task AcceptAsync()
    {
        try
        {
            while (true)
            {
                var socket = await _listener.AcceptSocketAsync(_stop.Token);
                _firstAccept.TrySetResult(Interlocked.Increment(ref _sequence));
                lock (_accepted) _accepted.Add(socket);
                _ = WatchHangUpAsync(socket);
            }
        }
        catch (OperationCanceledException)
        {
            // Stopped.
        }
    }

    private async Task WatchHangUpAsync(Socket socket)
    {
        var buffer = new byte[256];
        try
        {
            // The client speaks first only after a greeting it never gets: anything read until end of stream is ignored.
            while (await socket.ReceiveAsync(buffer, SocketFlags.None, _stop.Token) > 0)
            {
            }

            _firstHangUp.TrySetResult(Interlocked.Increment(ref _sequence));
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // A reset counts as hanging up; a stop does not.
            if (e is SocketException)
            {
                _firstHangUp.TrySetResult(Interlocked.Increment(ref _sequence));
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await _accepting;
        lock (_accepted)
        {
            foreach (var socket in _accepted) socket.Dispose();
        }
    }
}
