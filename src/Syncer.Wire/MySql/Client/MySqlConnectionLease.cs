namespace Syncer.Wire.MySql;

/// <summary>A connection rented from a <see cref="MySqlConnectionPool"/>; disposing it returns the connection.</summary>
public sealed class MySqlConnectionLease : IAsyncDisposable
{
    private MySqlConnectionPool? _pool;

    internal MySqlConnectionLease(MySqlConnectionPool pool, MySqlConnection connection)
    {
        _pool = pool;
        Connection = connection;
    }

    public MySqlConnection Connection { get; }

    /// <summary>Returns the connection to the pool (or closes it if it broke); safe to call more than once.</summary>
    public ValueTask DisposeAsync()
    {
        var pool = Interlocked.Exchange(ref _pool, null);
        return pool is null ? ValueTask.CompletedTask : pool.ReturnAsync(Connection);
    }
}
