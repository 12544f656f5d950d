using Syncer.Cluster;
using Syncer.Doris.Sql;
using Syncer.Jobs;

namespace Syncer.Engine;

/// <summary>
/// A SQL session to one cluster's FE that opens on first use and, after a connection failure or timeout, is
/// reopened by the next statement: a job keeps one for its whole life instead of reconnecting per statement.
/// A statement the FE refused (<see cref="DorisSqlException"/>) leaves the connection in place.
/// <see cref="CloseIdleAsync"/> lets go of the connection between uses (a caught-up job needs none): the next statement
/// opens a new one, so the session stays usable.
/// </summary>
public sealed class ReconnectingSqlSession(IDorisSqlConnector connector, ClusterSpec cluster) : IDorisSqlSession
{
    private readonly SemaphoreSlim _lock = new(1, 1);
    private IDorisSqlSession? _session;

    /// <inheritdoc />
    public Task<DorisSqlResult> QueryAsync(string sql, CancellationToken cancellationToken) =>
        RunAsync((s, ct) => s.QueryAsync(sql, ct), cancellationToken);

    /// <inheritdoc />
    public Task ExecuteAsync(string sql, CancellationToken cancellationToken) =>
        RunAsync(async (s, ct) =>
        {
            await s.ExecuteAsync(sql, ct).ConfigureAwait(false);
            return 0;
        }, cancellationToken);

    private async Task<T> RunAsync<T>(Func<IDorisSqlSession, CancellationToken, Task<T>> action, CancellationToken cancellationToken)
    {
        // One statement at a time: a MySQL connection is a sequential conversation.
        await _lock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            _session ??= await connector.OpenAsync(cluster, cancellationToken).ConfigureAwait(false);
            try
            {
                return await action(_session, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not DorisSqlException)
            {
                // Broken, timed out or cancelled mid-statement: the conversation is in an unknown state.
                var broken = _session;
                _session = null;
                await broken.DisposeAsync().ConfigureAwait(false);
                throw;
            }
        }
        finally
        {
            _lock.Release();
        }
    }

    /// <summary>Whether a connection is open now.</summary>
    public bool IsOpen => Volatile.Read(ref _session) is not null;

    /// <summary>
    /// Closes the connection if one is open and no statement is running (a running one keeps it: its caller is still
    /// using the session). The session remains usable; the next statement opens a new connection.
    /// </summary>
    public async ValueTask CloseIdleAsync()
    {
        if (Volatile.Read(ref _session) is null || !await _lock.WaitAsync(0).ConfigureAwait(false)) return;
        try
        {
            var open = _session;
            _session = null;
            if (open is not null) await open.DisposeAsync().ConfigureAwait(false);
        }
        finally
        {
            _lock.Release();
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _lock.WaitAsync().ConfigureAwait(false);
        try
        {
            if (_session is not null) await _session.DisposeAsync().ConfigureAwait(false);
            _session = null;
        }
        finally
        {
            _lock.Release();
        }
    }
}
