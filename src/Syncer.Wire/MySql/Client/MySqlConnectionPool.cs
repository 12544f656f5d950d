namespace Syncer.Wire.MySql;

/// <summary>
/// A small thread-safe pool of connections sharing one <see cref="MySqlConnectionOptions"/>.
/// Idle connections are reused most-recent-first; broken ones are discarded; ones idle longer than
/// <see cref="MySqlConnectionOptions.PingAfterIdle"/> are checked with COM_PING before reuse.
/// </summary>
/// <remarks>
/// The pool never sends COM_RESET_CONNECTION (older Doris mishandles it): session state a caller changes with SQL
/// (variables, USE) stays with the connection. A database changed through <see cref="MySqlConnection.ChangeDatabaseAsync"/>
/// is switched back to <see cref="MySqlConnectionOptions.Database"/> on the next rent.
/// </remarks>
public sealed class MySqlConnectionPool : IAsyncDisposable
{
    private readonly List<IdleConnection> _idle = [];
    private readonly SemaphoreSlim? _openSlots;
    private readonly TimeProvider _timeProvider;
    private int _open;
    private bool _disposed;

    public MySqlConnectionPool(MySqlConnectionOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfNegative(options.MaxIdleConnections);
        ArgumentOutOfRangeException.ThrowIfNegative(options.MaxOpenConnections);
        Options = options;
        _timeProvider = options.TimeProvider;

        // New connections are only opened when no idle one is left, so bounding rentals bounds open connections.
        if (options.MaxOpenConnections > 0)
        {
            _openSlots = new SemaphoreSlim(options.MaxOpenConnections, options.MaxOpenConnections);
        }
    }

    public MySqlConnectionOptions Options { get; }

    /// <summary>Connections currently idle in the pool.</summary>
    public int IdleCount
    {
        get
        {
            lock (_idle)
            {
                return _idle.Count;
            }
        }
    }

    /// <summary>Connections currently open, rented or idle.</summary>
    public int OpenCount => Volatile.Read(ref _open);

    /// <summary>Rents a healthy connection, waiting for a free slot when <see cref="MySqlConnectionOptions.MaxOpenConnections"/> is reached.</summary>
    public async ValueTask<MySqlConnectionLease> RentAsync(CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed), this);
        if (_openSlots is not null)
        {
            await _openSlots.WaitAsync(cancellationToken).ConfigureAwait(false);
        }

        try
        {
            while (TryTakeIdle(out var idle))
            {
                var connection = await ValidateAsync(idle, cancellationToken).ConfigureAwait(false);
                if (connection is not null)
                {
                    return new MySqlConnectionLease(this, connection);
                }
            }

            var opened = await MySqlConnection.OpenAsync(Options, cancellationToken).ConfigureAwait(false);
            Interlocked.Increment(ref _open);
            return new MySqlConnectionLease(this, opened);
        }
        catch
        {
            _openSlots?.Release();
            throw;
        }
    }

    /// <summary>Rents a connection, runs the query and returns the connection.</summary>
    public async ValueTask<MySqlResult> QueryAsync(string sql, CancellationToken cancellationToken)
    {
        var lease = await RentAsync(cancellationToken).ConfigureAwait(false);
        await using (lease.ConfigureAwait(false))
        {
            return await lease.Connection.QueryAsync(sql, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Rents a connection, runs the statement and returns the affected row count.</summary>
    public async ValueTask<ulong> ExecuteAsync(string sql, CancellationToken cancellationToken)
    {
        var result = await QueryAsync(sql, cancellationToken).ConfigureAwait(false);
        return result.AffectedRows;
    }

    /// <summary>Rents a connection, runs the query and returns its first result set.</summary>
    public async ValueTask<MySqlResultSet> QueryResultSetAsync(string sql, CancellationToken cancellationToken)
    {
        var lease = await RentAsync(cancellationToken).ConfigureAwait(false);
        await using (lease.ConfigureAwait(false))
        {
            return await lease.Connection.QueryResultSetAsync(sql, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Closes the idle connections; connections still rented are closed when returned.</summary>
    public async ValueTask DisposeAsync()
    {
        List<IdleConnection> idle;
        lock (_idle)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            idle = [.. _idle];
            _idle.Clear();
        }

        foreach (var entry in idle)
        {
            await CloseAsync(entry.Connection).ConfigureAwait(false);
        }
    }

    internal async ValueTask ReturnAsync(MySqlConnection connection)
    {
        try
        {
            var keep = false;
            if (!connection.IsBroken)
            {
                lock (_idle)
                {
                    if (!_disposed && _idle.Count < Options.MaxIdleConnections)
                    {
                        _idle.Add(new IdleConnection(connection, _timeProvider.GetTimestamp()));
                        keep = true;
                    }
                }
            }

            if (!keep)
            {
                await CloseAsync(connection).ConfigureAwait(false);
            }
        }
        finally
        {
            _openSlots?.Release();
        }
    }

    private bool TryTakeIdle(out IdleConnection idle)
    {
        lock (_idle)
        {
            if (_idle.Count == 0)
            {
                idle = default;
                return false;
            }

            // Most recently returned first: it is the likeliest to be alive, and the others age out.
            idle = _idle[^1];
            _idle.RemoveAt(_idle.Count - 1);
            return true;
        }
    }

    /// <summary>Returns the connection if it is fit for reuse, otherwise closes it and returns null.</summary>
    private async ValueTask<MySqlConnection?> ValidateAsync(IdleConnection idle, CancellationToken cancellationToken)
    {
        var connection = idle.Connection;
        var idleFor = _timeProvider.GetElapsedTime(idle.Since);
        if (idleFor > Options.MaxIdleTime || !connection.IsIdleConnectionAlive())
        {
            await CloseAsync(connection).ConfigureAwait(false);
            return null;
        }

        try
        {
            if (idleFor >= Options.PingAfterIdle)
            {
                await connection.PingAsync(cancellationToken).ConfigureAwait(false);
            }

            if (Options.Database is { Length: > 0 } database
                && !string.Equals(connection.Database, database, StringComparison.Ordinal))
            {
                await connection.ChangeDatabaseAsync(database, cancellationToken).ConfigureAwait(false);
            }

            return connection;
        }
        catch (MySqlException) when (!cancellationToken.IsCancellationRequested)
        {
            await CloseAsync(connection).ConfigureAwait(false);
            return null;
        }
        catch
        {
            await CloseAsync(connection).ConfigureAwait(false);
            throw;
        }
    }

    private async ValueTask CloseAsync(MySqlConnection connection)
    {
        Interlocked.Decrement(ref _open);
        await connection.DisposeAsync().ConfigureAwait(false);
    }

    private readonly record struct IdleConnection(MySqlConnection Connection, long Since);
}
