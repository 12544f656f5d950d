namespace MiniDoris.Fe.Qe;

/// <summary>
/// One client connection's state: the user, the current database, session variables and a connection id.
/// Created by DorisCluster.OpenSession; the MySQL front keeps one per connection.
/// </summary>
public sealed class SessionContext
{
    private readonly TimeProvider _time;

    internal SessionContext(string user, long connectionId, TimeProvider time)
    {
        User = user;
        ConnectionId = connectionId;
        _time = time;
    }

    public string User { get; }

    public long ConnectionId { get; }

    /// <summary>The FE the client is connected to (SHOW FRONTENDS marks it CurrentConnected).</summary>
    public int Frontend { get; set; }

    /// <summary>The database chosen with USE (or at connect), or null.</summary>
    public string? CurrentDb { get; set; }

    /// <summary>Variables set with SET, lower-cased names.</summary>
    public Dictionary<string, string> Variables { get; } = new(StringComparer.OrdinalIgnoreCase);

    public DateTimeOffset Now() => _time.GetLocalNow();
}
