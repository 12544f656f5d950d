using System.Data;
using MySqlConnector;

namespace Syncer.Doris.Sql;

/// <summary>
/// <see cref="IDorisSqlSession"/> over MySqlConnector: one unpooled connection, no default database, one text statement
/// per call. Set up for what a Doris FE accepts (see docs/mysql-wire.md): no COM_RESET_CONNECTION, no server-side
/// prepare, no multi-statements, and values read back as the text the FE sent, so callers never see the driver.
/// </summary>
/// <remarks>
/// Errors: an ERR packet the FE sends for a statement is a <see cref="DorisSqlException"/> (the connection stays usable);
/// no answer within the statement timeout is a <see cref="TimeoutException"/> and closes the connection; a broken
/// connection surfaces as the driver's exception. A caller's cancellation returns at once and closes the connection
/// rather than asking the FE to KILL the query (MySqlConnector's soft cancel opens a second connection, which a hung FE
/// would not answer either).
/// </remarks>
public sealed class DorisSqlSession : IDorisSqlSession
{
    private readonly MySqlConnection _connection;
    private readonly TimeSpan _statementTimeout;
    private readonly ITimer _timer;
    // One timer for the session, re-armed per statement, and the statement's own source it cancels (a linked source
    // and a timer per statement cost a measurable share of a round trip: docs/performance.md).
    private CancellationTokenSource? _armed;
    private Task? _inFlight;
    private bool _broken;

    private DorisSqlSession(MySqlConnection connection, TimeSpan statementTimeout, TimeProvider time)
    {
        _connection = connection;
        _statementTimeout = statementTimeout;
        _timer = time.CreateTimer(static state => ((DorisSqlSession)state!).StatementTimedOut(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    /// <summary>Connects and authenticates within <paramref name="connectTimeout"/>; each statement then gets <paramref name="statementTimeout"/>.</summary>
    /// <exception cref="MySqlException">The FE refused the login (e.g. access denied) or could not be reached.</exception>
    /// <exception cref="TimeoutException">No complete login within <paramref name="connectTimeout"/>.</exception>
    public static async Task<IDorisSqlSession> OpenAsync(string host, int port, string user, string password,
        TimeSpan connectTimeout, TimeSpan statementTimeout, TimeProvider time, CancellationToken cancellationToken)
    {
        var connection = new MySqlConnection(ConnectionString(host, port, user, password, connectTimeout, statementTimeout));
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var timer = time.CreateTimer(_ => Cancel(limit), null, connectTimeout, Timeout.InfiniteTimeSpan);
        try
        {
            await connection.OpenAsync(limit.Token).ConfigureAwait(false);
            return new DorisSqlSession(connection, statementTimeout, time);
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested && (limit.IsCancellationRequested || IsTimeout(e)))
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw new TimeoutException($"no complete login to {host}:{port} within {connectTimeout.TotalMilliseconds:0} ms", e);
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>
    /// The MySqlConnector settings for a Doris FE. <c>ConnectionReset=false</c>: the FE answers COM_RESET_CONNECTION with
    /// "Unknown command". <c>IgnorePrepare</c>: never a server-side prepare. <c>CancellationTimeout=-1</c>: a statement
    /// timeout closes the socket at once instead of sending KILL QUERY on a second connection. Tiny/Guid/zero-date
    /// conversions are off so that every value reads back as the FE wrote it.
    /// </summary>
    public static string ConnectionString(string host, int port, string user, string password, TimeSpan connectTimeout, TimeSpan statementTimeout) =>
        new MySqlConnectionStringBuilder
        {
            Server = host,
            Port = checked((uint)port),
            UserID = user,
            Password = password,
            Pooling = false,
            ConnectionReset = false,
            IgnorePrepare = true,
            AllowUserVariables = true,
            SslMode = MySqlSslMode.None,
            AllowPublicKeyRetrieval = false,
            AutoEnlist = false,
            ConnectionTimeout = WholeSeconds(connectTimeout),
            DefaultCommandTimeout = WholeSeconds(statementTimeout),
            CancellationTimeout = -1,
            TreatTinyAsBoolean = false,
            GuidFormat = MySqlGuidFormat.None,
            AllowZeroDateTime = true,
            ConvertZeroDateTime = false,
        }.ConnectionString;

    /// <inheritdoc />
    public Task<DorisSqlResult> QueryAsync(string sql, CancellationToken cancellationToken) =>
        RunAsync(sql, ReadAsync, cancellationToken);

    /// <inheritdoc />
    public Task ExecuteAsync(string sql, CancellationToken cancellationToken) =>
        RunAsync(sql, async command =>
        {
            await command.ExecuteNonQueryAsync(CancellationToken.None).ConfigureAwait(false);
            return 0;
        }, cancellationToken);

    /// <inheritdoc />
    public ValueTask DisposeAsync()
    {
        _broken = true;
        _timer.Dispose();
        var inFlight = _inFlight;
        if (inFlight is { IsCompleted: false })
        {
            // The abandoned statement ends by the driver's own command timeout (which closes the socket); close after it.
            _ = inFlight.ContinueWith(_ => _connection.DisposeAsync().AsTask(), TaskScheduler.Default).Unwrap();
            return ValueTask.CompletedTask;
        }
        return _connection.DisposeAsync();
    }

    private async Task<T> RunAsync<T>(string sql, Func<MySqlCommand, Task<T>> action, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_broken, this);
        if (_inFlight is { IsCompleted: false }) throw new InvalidOperationException("one statement at a time on a Doris SQL session");
        cancellationToken.ThrowIfCancellationRequested();

        var command = new MySqlCommand(sql, _connection);
        var run = RunCommandAsync(command, action);
        _inFlight = run;
        using var limit = new CancellationTokenSource();
        Volatile.Write(ref _armed, limit);
        _timer.Change(_statementTimeout, Timeout.InfiniteTimeSpan);
        var registration = cancellationToken.CanBeCanceled
            ? cancellationToken.UnsafeRegister(static state => Cancel((CancellationTokenSource)state!), limit)
            : default;
        try
        {
            // The driver is never given the token: waiting is abandoned here, and the connection with it.
            return await run.WaitAsync(limit.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!run.IsCompleted)
        {
            _broken = true;
            if (cancellationToken.IsCancellationRequested) throw new OperationCanceledException(cancellationToken);
            throw new TimeoutException($"no answer within {_statementTimeout.TotalMilliseconds:0} ms to: {sql}");
        }
        catch (MySqlException e) when (IsTimeout(e))
        {
            _broken = true;
            throw new TimeoutException($"no answer within {_statementTimeout.TotalMilliseconds:0} ms to: {sql}", e);
        }
        catch (MySqlException e) when (IsServerError(e))
        {
            throw new DorisSqlException(e.Number, e.Message, e);
        }
        catch
        {
            _broken = true;
            throw;
        }
        finally
        {
            Volatile.Write(ref _armed, null);
            _timer.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
            await registration.DisposeAsync().ConfigureAwait(false);
        }
    }

    private void StatementTimedOut()
    {
        if (Volatile.Read(ref _armed) is { } armed) Cancel(armed);
    }

    private static async Task<T> RunCommandAsync<T>(MySqlCommand command, Func<MySqlCommand, Task<T>> action)
    {
        await using (command.ConfigureAwait(false))
        {
            return await action(command).ConfigureAwait(false);
        }
    }

    private static async Task<DorisSqlResult> ReadAsync(MySqlCommand command)
    {
        var reader = await command.ExecuteReaderAsync(CommandBehavior.Default, CancellationToken.None).ConfigureAwait(false);
        await using (reader.ConfigureAwait(false))
        {
            var columns = new string[reader.FieldCount];
            for (var i = 0; i < columns.Length; i++) columns[i] = reader.GetName(i);

            // Only dates need the column's schema (DATE or DATETIME, and its fractional digits): read it on first use.
            IReadOnlyList<System.Data.Common.DbColumn>? schema = null;
            var rows = new List<IReadOnlyList<string?>>();
            while (await reader.ReadAsync(CancellationToken.None).ConfigureAwait(false))
            {
                var row = new string?[columns.Length];
                for (var i = 0; i < row.Length; i++)
                {
                    var value = reader.GetValue(i);
                    if (value is DateTime or MySqlDateTime)
                    {
                        schema ??= reader.GetColumnSchema();
                        var dateOnly = schema[i] is MySqlDbColumn { ProviderType: MySqlDbType.Date or MySqlDbType.Newdate };
                        row[i] = DorisSqlText.Format(value, dateOnly, schema[i].NumericScale);
                    }
                    else
                    {
                        row[i] = DorisSqlText.Format(value);
                    }
                }
                rows.Add(row);
            }

            // A statement that returns no result set still has to be drained (and its error seen).
            while (await reader.NextResultAsync(CancellationToken.None).ConfigureAwait(false)) { }
            return new DorisSqlResult(columns, rows);
        }
    }

    /// <summary>An ERR packet from the server (it carries a SQLSTATE), as opposed to an error the driver made up.</summary>
    private static bool IsServerError(MySqlException e) => e.SqlState is not null && e.Number > 0;

    // The driver's own connect timer (as long as ours, so either may fire first) ends a login the server never answers
    // with UnableToConnectToHost "Connect Timeout expired.", its inner exception a timeout, a cancellation or none.
    private static bool IsTimeout(Exception e) =>
        e is MySqlException { ErrorCode: MySqlErrorCode.CommandTimeoutExpired } or TimeoutException
        || (e is MySqlException { ErrorCode: MySqlErrorCode.UnableToConnectToHost } m
            && (m.InnerException is TimeoutException or OperationCanceledException
                || m.Message.StartsWith("Connect Timeout expired", StringComparison.Ordinal)));

    private static uint WholeSeconds(TimeSpan timeout) => (uint)Math.Clamp(Math.Ceiling(timeout.TotalSeconds), 1, int.MaxValue);

    private static void Cancel(CancellationTokenSource source)
    {
        try
        {
            source.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // The operation ended first.
        }
    }
}
