using System.Data.Common;
using System.Globalization;
using System.Text;
using MySqlConnector;

namespace Syncer.Store;

/// <summary>
/// The shared job store for several instances: database <c>ccr</c> on a MySQL-protocol server, created if
/// missing, over MySqlConnector with its connection pool. Tables and columns are the Go syncer's, so an existing
/// Go store is adopted in place (its base64 progress rows are still read); this store adds the owner epoch and
/// lease expiry by versioned migrations. The SQL is <see cref="MySqlJobStoreSql"/>; every value is a parameter.
/// </summary>
public sealed class MySqlJobStore : AdoJobStore
{
    private const string SchemaLock = "ccr_syncer_schema";

    private readonly MySqlStoreOptions _options;
    private readonly string _connectionString;

    /// <summary>Prepares the store; nothing connects until <see cref="AdoJobStore.MigrateAsync"/>.</summary>
    public MySqlJobStore(MySqlStoreOptions options, PasswordCipher cipher, TimeProvider time)
        : base(MySqlJobStoreSql.Instance, cipher, time, $"mysql {options.Host}:{options.Port}/{MySqlStoreOptions.DatabaseName}")
    {
        _options = options;
        _connectionString = ConnectionString(MySqlStoreOptions.DatabaseName);
    }

    /// <inheritdoc />
    public override async ValueTask DisposeAsync()
    {
        await using var connection = new MySqlConnection(_connectionString);
        await MySqlConnection.ClearPoolAsync(connection);
    }

    /// <inheritdoc />
    protected override async Task<DbConnection> OpenConnectionAsync(CancellationToken cancellationToken)
    {
        var connection = new MySqlConnection(_connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    /// <inheritdoc />
    protected override bool IsDuplicateKey(DbException error) => error is MySqlException { ErrorCode: MySqlErrorCode.DuplicateKeyEntry };

    /// <inheritdoc />
    protected override bool IsAlreadyApplied(DbException error) =>
        error is MySqlException { ErrorCode: MySqlErrorCode.DuplicateFieldName or MySqlErrorCode.DuplicateKeyName };

    /// <summary>MySQL commits DDL implicitly, so each step is idempotent instead (<see cref="IsAlreadyApplied"/>).</summary>
    protected override bool MigrationsAreTransactional => false;

    /// <inheritdoc />
    protected override async Task PrepareDatabaseAsync(CancellationToken cancellationToken)
    {
        try
        {
            await using var bootstrap = new MySqlConnection(ConnectionString(database: null));
            await bootstrap.OpenAsync(cancellationToken);
            // A fixed identifier (DatabaseName is a constant), quoted all the same.
            await ExecuteAsync(bootstrap, null, $"CREATE DATABASE IF NOT EXISTS `{MySqlStoreOptions.DatabaseName}` DEFAULT CHARSET = utf8mb4", cancellationToken);
        }
        catch (MySqlException e)
        {
            throw new StoreException($"{Description}: cannot create database {MySqlStoreOptions.DatabaseName}: {e.Message}", e, e.IsTransient);
        }
    }

    /// <summary>Instances starting together must not run the same migration twice at once: a named server lock.</summary>
    protected override async Task<IAsyncDisposable?> LockMigrationsAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        var locked = await ScalarAsync(connection, null, "SELECT GET_LOCK(@lock, 60)", cancellationToken, ("lock", SchemaLock));
        if (Convert.ToInt64(locked, CultureInfo.InvariantCulture) != 1)
            throw new StoreException($"{Description}: another instance held the schema lock for 60s");
        return new NamedLockRelease(connection);
    }

    /// <summary>Go's MySQL store writes the progress base64-encoded; ours writes the JSON itself.</summary>
    protected override string? DecodeProgress(string? stored)
    {
        if (stored is null) return null;
        var trimmed = stored.TrimStart();
        if (trimmed.StartsWith('{') || trimmed.StartsWith('[')) return stored;
        try
        {
            return Encoding.UTF8.GetString(Convert.FromBase64String(stored));
        }
        catch (FormatException)
        {
            return stored;
        }
    }

    /// <summary>After a server restart every pooled connection is dead: drop them rather than fail on each in turn.</summary>
    protected override async Task OnTransientFailureAsync()
    {
        await using var connection = new MySqlConnection(_connectionString);
        await MySqlConnection.ClearPoolAsync(connection);
    }

    private string ConnectionString(string? database) => new MySqlConnectionStringBuilder
    {
        Server = _options.Host,
        Port = checked((uint)_options.Port),
        UserID = _options.User,
        Password = _options.Password,
        Database = database ?? "",
        ConnectionTimeout = (uint)Math.Max(1, Math.Ceiling(_options.ConnectTimeout.TotalSeconds)),
        DefaultCommandTimeout = (uint)Math.Max(1, Math.Ceiling(_options.CommandTimeout.TotalSeconds)),
        Pooling = true,
        // Found rows, not changed rows: an UPDATE that rewrites the same value still reports its match.
        UseAffectedRows = false,
        AllowUserVariables = false,
    }.ConnectionString;

    /// <summary>Releases the schema lock; not with the caller's token: a cancelled migration must still free it on this pooled session.</summary>
    private sealed class NamedLockRelease(DbConnection connection) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            try
            {
                await ExecuteAsync(connection, null, "SELECT RELEASE_LOCK(@lock)", CancellationToken.None, ("lock", SchemaLock));
            }
            catch (MySqlException)
            {
                // The session is gone, and its named locks with it.
            }
        }
    }
}
