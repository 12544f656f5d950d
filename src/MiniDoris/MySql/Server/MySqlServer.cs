using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace MiniDoris.MySql;

/// <summary>
/// A MySQL-protocol server: accepts connections, logs clients in with mysql_native_password against an
/// <see cref="IMySqlUserStore"/>, and hands their commands to an <see cref="IMySqlCommandHandler"/>, one session per
/// connection, sessions running concurrently.
/// </summary>
public sealed class MySqlServer : IAsyncDisposable
{
    private readonly MySqlServerOptions _options;
    private readonly IMySqlUserStore _users;
    private readonly IMySqlCommandHandler _handler;
    private readonly ConcurrentDictionary<uint, (MySqlServerConnection Connection, Task Run)> _connections = new();
    private readonly CancellationTokenSource _stopping = new();
    private Socket? _listener;
    private Task? _acceptLoop;
    private int _nextConnectionId;
    private int _state; // 0 new, 1 started, 2 stopped

    public MySqlServer(MySqlServerOptions options, IMySqlUserStore users, IMySqlCommandHandler handler)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(users);
        ArgumentNullException.ThrowIfNull(handler);
        _options = options;
        _users = users;
        _handler = handler;
        _nextConnectionId = unchecked((int)options.FirstConnectionId - 1);
    }

    /// <summary>The bound port (the actual one when <see cref="MySqlServerOptions.Port"/> was 0); valid after start.</summary>
    public int Port { get; private set; }

    public IPEndPoint EndPoint => new(_options.Address, Port);

    /// <summary>Sessions currently connected (including ones still logging in).</summary>
    public IReadOnlyCollection<MySqlSession> Sessions => _connections.Values.Select(c => c.Connection.Session).ToArray();

    /// <summary>Binds and starts accepting connections.</summary>
    public Task StartAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (Interlocked.CompareExchange(ref _state, 1, 0) != 0)
        {
            throw new InvalidOperationException("The server was already started.");
        }

        var listener = TcpListenerSocket.Open(_options.Address, _options.Port);
        _listener = listener;
        Port = TcpListenerSocket.PortOf(listener);
        _acceptLoop = Task.Run(() => AcceptLoopAsync(listener, _stopping.Token), CancellationToken.None);
        return Task.CompletedTask;
    }

    /// <summary>The session with this connection id, if it is connected.</summary>
    public bool TryGetSession(uint connectionId, out MySqlSession session)
    {
        if (_connections.TryGetValue(connectionId, out var entry))
        {
            session = entry.Connection.Session;
            return true;
        }

        session = null!;
        return false;
    }

    /// <summary>Stops accepting, closes every session and waits for their handlers to finish.</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (Interlocked.Exchange(ref _state, 2) != 1)
        {
            return;
        }

        await _stopping.CancelAsync().ConfigureAwait(false);
        _listener?.Dispose();
        if (_acceptLoop is not null)
        {
            await _acceptLoop.WaitAsync(cancellationToken).ConfigureAwait(false);
        }

        var running = _connections.Values.ToArray();
        foreach (var (connection, _) in running)
        {
            connection.Abort();
        }

        await Task.WhenAll(running.Select(r => r.Run)).WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync(CancellationToken.None).ConfigureAwait(false);
        _stopping.Dispose();
    }

    private async Task AcceptLoopAsync(Socket listener, CancellationToken stopping)
    {
        while (!stopping.IsCancellationRequested)
        {
            Socket socket;
            try
            {
                socket = await listener.AcceptAsync(stopping).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException
                || (ex is SocketException && stopping.IsCancellationRequested))
            {
                return;
            }
            catch (SocketException)
            {
                // A connection that failed between SYN and accept (reset by the peer); keep listening.
                continue;
            }

            var id = unchecked((uint)Interlocked.Increment(ref _nextConnectionId));
            MySqlServerConnection connection;
            try
            {
                // Inside the try: on a socket the peer already reset this can throw, which must not end the accept loop.
                socket.NoDelay = true;
                connection = new MySqlServerConnection(id, socket, _options, _users, _handler);
            }
            catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
            {
                socket.Dispose();
                continue;
            }

            // Registered before it runs so StopAsync sees it; removed by the task itself when the session ends.
            var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var run = Task.Run(async () =>
            {
                await start.Task.ConfigureAwait(false);
                try
                {
                    await connection.RunAsync(stopping).ConfigureAwait(false);
                }
                finally
                {
                    _connections.TryRemove(id, out _);
                }
            }, CancellationToken.None);
            _connections[id] = (connection, run);
            start.SetResult();

            // A stop that raced with this accept may have missed the new connection.
            if (stopping.IsCancellationRequested)
            {
                connection.Abort();
            }
        }
    }
}
