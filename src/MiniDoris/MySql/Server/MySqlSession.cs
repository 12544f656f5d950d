using System.Collections.Concurrent;
using System.Net;

namespace MiniDoris.MySql;

/// <summary>
/// One client connection to a <see cref="MySqlServer"/>, as the command handler sees it: who logged in, from where,
/// the current database, and a bag for the handler's own per-session state.
/// </summary>
public sealed class MySqlSession
{
    private readonly Action _abort;
    private string? _database;

    internal MySqlSession(uint connectionId, IPEndPoint remoteEndPoint, Action abort)
    {
        ConnectionId = connectionId;
        RemoteEndPoint = remoteEndPoint;
        ClientHost = (remoteEndPoint.Address.IsIPv4MappedToIPv6 ? remoteEndPoint.Address.MapToIPv4() : remoteEndPoint.Address).ToString();
        _abort = abort;
    }

    /// <summary>The id announced in the greeting (CONNECTION_ID(), the target of KILL).</summary>
    public uint ConnectionId { get; }

    /// <summary>The authenticated user name; empty until login succeeds.</summary>
    public string User { get; internal set; } = string.Empty;

    /// <summary>The client's address as text, as used in "'user'@'host'".</summary>
    public string ClientHost { get; }

    public IPEndPoint RemoteEndPoint { get; }

    /// <summary>The current default database; the handler sets it (e.g. for USE), the server sets it after an accepted COM_INIT_DB.</summary>
    public string? Database
    {
        get => Volatile.Read(ref _database);
        set => Volatile.Write(ref _database, value);
    }

    /// <summary>Whether login needed an AuthSwitchRequest because the client started with another plugin.</summary>
    internal bool AuthSwitched { get; set; }

    /// <summary>Per-session state owned by the handler.</summary>
    public ConcurrentDictionary<string, object?> Items { get; } = new(StringComparer.Ordinal);

    /// <summary>Closes the connection now, as KILL does; the session's running command, if any, is abandoned.</summary>
    public void Abort() => _abort();
}
