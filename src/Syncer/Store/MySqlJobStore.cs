using System.Text;
using Syncer.Jobs;
using Syncer.Wire.MySql;

namespace Syncer.Store;

/// <summary>
/// The shared job store for several instances: database <c>ccr</c> on a MySQL-protocol server, created if
/// missing, over our own client (Syncer.Wire). Tables and columns are the Go syncer's, so an existing Go
/// store is adopted in place (its base64 progress rows are still read); this store adds the owner epoch
/// and lease expiry by versioned migrations. Every value travels through <see cref="MySqlParameters"/>.
/// Fenced writes lock the job row (<c>SELECT … FOR UPDATE</c>) and check owner and epoch before writing,
/// because MySQL's affected-row count cannot tell "not matched" from "unchanged".
/// </summary>
public sealed class MySqlJobStore : IJobStore
{
    /// <summary>The schema steps, oldest first. MySQL DDL is not transactional, so each step tolerates having run before.</summary>
    public static IReadOnlyList<SchemaMigration> Migrations { get; } =
    [
        new(1, "Go syncer tables",
        [
            "CREATE TABLE IF NOT EXISTS jobs (job_name VARCHAR(512) NOT NULL PRIMARY KEY, job_info TEXT, belong_to VARCHAR(96)) DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin",
            "CREATE TABLE IF NOT EXISTS progresses (job_name VARCHAR(512) NOT NULL PRIMARY KEY, progress LONGTEXT) DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin",
            "CREATE TABLE IF NOT EXISTS syncers (host_info VARCHAR(96) NOT NULL PRIMARY KEY, timestamp BIGINT) DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin",
        ]),
        new(2, "owner epoch and lease expiry",
        [
            "ALTER TABLE jobs ADD COLUMN owner_epoch BIGINT NOT NULL DEFAULT 0",
            "ALTER TABLE syncers ADD COLUMN lease_expiry BIGINT NOT NULL DEFAULT 0",
            "CREATE INDEX jobs_belong_to ON jobs (belong_to)",
        ]),
    ];

    // 1060 duplicate column, 1061 duplicate key name: the step already ran before an interruption.
    private static readonly int[] AlreadyAppliedErrors = [1060, 1061];
    private const int DuplicateKey = 1062;

    private readonly MySqlStoreOptions _options;
    private readonly JobInfoCodec _codec;
    private readonly TimeProvider _time;
    private readonly MySqlConnectionPool _pool;

    /// <summary>Prepares the store; nothing connects until <see cref="MigrateAsync"/>.</summary>
    public MySqlJobStore(MySqlStoreOptions options, PasswordCipher cipher, TimeProvider time)
    {
        _options = options;
        _codec = new JobInfoCodec(cipher);
        _time = time;
        _pool = new MySqlConnectionPool(ConnectionOptions(MySqlStoreOptions.DatabaseName));
        Description = $"mysql {options.Host}:{options.Port}/{MySqlStoreOptions.DatabaseName}";
    }

    /// <inheritdoc />
    public string Description { get; }

    /// <inheritdoc />
    public async Task MigrateAsync(CancellationToken cancellationToken)
    {
        try
        {
            await using (var bootstrap = await MySqlConnection.OpenAsync(ConnectionOptions(database: null), cancellationToken))
            {
                await bootstrap.ExecuteAsync($"CREATE DATABASE IF NOT EXISTS {MySqlQuote.Identifier(MySqlStoreOptions.DatabaseName)} DEFAULT CHARSET = utf8mb4", cancellationToken);
            }
        }
        catch (MySqlException e)
        {
            throw new StoreException($"{Description}: cannot create database {MySqlStoreOptions.DatabaseName}: {e.Message}", e);
        }
        await RunAsync("migrate the schema", async connection =>
        {
            // Instances starting together must not run the same migration twice at once.
            var locked = await connection.ExecuteScalarAsync("SELECT GET_LOCK('ccr_syncer_schema', 60)", cancellationToken);
            if (Convert.ToInt64(locked, System.Globalization.CultureInfo.InvariantCulture) != 1)
                throw new StoreException($"{Description}: another instance held the schema lock for 60s");
            try
            {
                await connection.ExecuteAsync(
                    "CREATE TABLE IF NOT EXISTS schema_migrations (version INT NOT NULL PRIMARY KEY, description VARCHAR(200) NOT NULL, applied_at BIGINT NOT NULL)",
                    cancellationToken);
                var current = await ReadVersionAsync(connection, cancellationToken);
                var latest = Migrations[^1].Version;
                if (current > latest)
                    throw new StoreException($"{Description}: schema version {current} is newer than this ccr_syncer supports ({latest}); upgrade ccr_syncer");
                foreach (var migration in Migrations.Where(m => m.Version > current))
                {
                    foreach (var statement in migration.Statements)
                    {
                        try
                        {
                            await connection.ExecuteAsync(statement, cancellationToken);
                        }
                        catch (MySqlException e) when (AlreadyAppliedErrors.Contains(e.ErrorCode))
                        {
                            // Applied by an earlier, interrupted run.
                        }
                    }
                    await connection.ExecuteAsync(MySqlParameters.Bind(
                        "INSERT INTO schema_migrations (version, description, applied_at) VALUES (@v, @d, @t)",
                        ("v", migration.Version), ("d", migration.Description), ("t", _time.GetUtcNow().ToUnixTimeSeconds())), cancellationToken);
                }
            }
            finally
            {
                // Not the caller's token: a cancelled migration must still free the lock on this pooled session.
                await connection.ExecuteAsync("SELECT RELEASE_LOCK('ccr_syncer_schema')", CancellationToken.None);
            }
            await EncryptPlaintextPasswordsAsync(connection, cancellationToken);
            return 0;
        }, cancellationToken);
    }

    /// <inheritdoc />
    public Task<int> GetSchemaVersionAsync(CancellationToken cancellationToken) =>
        RunAsync("read the schema version", c => ReadVersionAsync(c, cancellationToken), cancellationToken);

    /// <inheritdoc />
    public Task PingAsync(CancellationToken cancellationToken) =>
        RunAsync("ping", async c =>
        {
            await c.PingAsync(cancellationToken);
            return 0;
        }, cancellationToken);

    /// <inheritdoc />
    public Task AddJobAsync(JobInfo info, string owner, string? initialProgressJson, CancellationToken cancellationToken) =>
        InTransactionAsync($"add job {info.Name}", async connection =>
        {
            try
            {
                await connection.ExecuteAsync(MySqlParameters.Bind(
                    "INSERT INTO jobs (job_name, job_info, belong_to, owner_epoch) VALUES (@name, @info, @owner, 1)",
                    ("name", info.Name), ("info", _codec.Encode(info)), ("owner", owner)), cancellationToken);
            }
            catch (MySqlException e) when (e.ErrorCode == DuplicateKey)
            {
                throw new JobAlreadyExistsException(info.Name);
            }
            await connection.ExecuteAsync(MySqlParameters.Bind("DELETE FROM progresses WHERE job_name = @name", ("name", info.Name)), cancellationToken);
            if (initialProgressJson is not null)
            {
                await connection.ExecuteAsync(MySqlParameters.Bind("INSERT INTO progresses (job_name, progress) VALUES (@name, @p)",
                    ("name", info.Name), ("p", initialProgressJson)), cancellationToken);
            }
            return 0;
        }, cancellationToken);

    /// <inheritdoc />
    public Task<StoredJob?> GetJobAsync(string name, CancellationToken cancellationToken) =>
        RunAsync($"read job {name}", async connection =>
        {
            var rows = await connection.QueryResultSetAsync(MySqlParameters.Bind(
                "SELECT job_name, job_info, belong_to, owner_epoch FROM jobs WHERE job_name = @name", ("name", name)), cancellationToken);
            return rows.Rows.Count == 0 ? null : ReadJob(rows.Rows[0]);
        }, cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<StoredJob>> ListJobsAsync(CancellationToken cancellationToken) =>
        RunAsync("list jobs", async connection =>
        {
            var rows = await connection.QueryResultSetAsync("SELECT job_name, job_info, belong_to, owner_epoch FROM jobs ORDER BY job_name", cancellationToken);
            return (IReadOnlyList<StoredJob>)rows.Rows.Select(ReadJob).ToList();
        }, cancellationToken);

    /// <inheritdoc />
    public Task<bool> UpdateJobInfoAsync(JobInfo info, string owner, long ownerEpoch, CancellationToken cancellationToken) =>
        InTransactionAsync($"update job {info.Name}", async connection =>
        {
            if (!await LockIfOwnedAsync(connection, info.Name, owner, ownerEpoch, cancellationToken)) return false;
            await connection.ExecuteAsync(MySqlParameters.Bind("UPDATE jobs SET job_info = @info WHERE job_name = @name",
                ("info", _codec.Encode(info)), ("name", info.Name)), cancellationToken);
            return true;
        }, cancellationToken);

    /// <inheritdoc />
    public Task<bool> DeleteJobAsync(string name, CancellationToken cancellationToken) =>
        InTransactionAsync($"delete job {name}", async connection =>
        {
            var deleted = await connection.ExecuteAsync(MySqlParameters.Bind("DELETE FROM jobs WHERE job_name = @name", ("name", name)), cancellationToken);
            await connection.ExecuteAsync(MySqlParameters.Bind("DELETE FROM progresses WHERE job_name = @name", ("name", name)), cancellationToken);
            return deleted == 1;
        }, cancellationToken);

    /// <inheritdoc />
    public Task<string?> GetProgressAsync(string name, CancellationToken cancellationToken) =>
        RunAsync($"read the progress of job {name}", async connection =>
        {
            var rows = await connection.QueryResultSetAsync(MySqlParameters.Bind(
                "SELECT progress FROM progresses WHERE job_name = @name", ("name", name)), cancellationToken);
            return rows.Rows.Count == 0 ? null : DecodeProgress(rows.Rows[0].GetStringOrNull(0));
        }, cancellationToken);

    /// <inheritdoc />
    public Task<bool> SaveProgressAsync(string name, string progressJson, string owner, long ownerEpoch, CancellationToken cancellationToken) =>
        InTransactionAsync($"save the progress of job {name}", async connection =>
        {
            if (!await LockIfOwnedAsync(connection, name, owner, ownerEpoch, cancellationToken)) return false;
            await connection.ExecuteAsync(MySqlParameters.Bind(
                "INSERT INTO progresses (job_name, progress) VALUES (@name, @p) ON DUPLICATE KEY UPDATE progress = VALUES(progress)",
                ("name", name), ("p", progressJson)), cancellationToken);
            return true;
        }, cancellationToken);

    /// <inheritdoc />
    public Task<long?> TransferJobAsync(string name, string newOwner, long expectedEpoch, CancellationToken cancellationToken) =>
        RunAsync($"transfer job {name}", async connection =>
        {
            // The epoch always changes, so the affected-row count is reliable here.
            var changed = await connection.ExecuteAsync(MySqlParameters.Bind(
                "UPDATE jobs SET belong_to = @owner, owner_epoch = owner_epoch + 1 WHERE job_name = @name AND owner_epoch = @epoch",
                ("owner", newOwner), ("name", name), ("epoch", expectedEpoch)), cancellationToken);
            return changed == 1 ? expectedEpoch + 1 : (long?)null;
        }, cancellationToken);

    /// <inheritdoc />
    public Task HeartbeatAsync(SyncerRecord syncer, CancellationToken cancellationToken) =>
        RunAsync($"heartbeat of {syncer.Instance}", async connection =>
            await connection.ExecuteAsync(MySqlParameters.Bind(
                "INSERT INTO syncers (host_info, timestamp, lease_expiry) VALUES (@host, @ts, @lease) "
                + "ON DUPLICATE KEY UPDATE timestamp = VALUES(timestamp), lease_expiry = VALUES(lease_expiry)",
                ("host", syncer.Instance), ("ts", UnixNanoseconds.From(syncer.Heartbeat)), ("lease", UnixNanoseconds.From(syncer.LeaseExpiry))),
                cancellationToken),
            cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<SyncerRecord>> ListSyncersAsync(CancellationToken cancellationToken) =>
        RunAsync("list syncers", async connection =>
        {
            var rows = await connection.QueryResultSetAsync("SELECT host_info, timestamp, lease_expiry FROM syncers ORDER BY host_info", cancellationToken);
            return (IReadOnlyList<SyncerRecord>)rows.Rows.Select(r => new SyncerRecord(r.GetString(0),
                UnixNanoseconds.To(r.IsNull(1) ? 0 : r.GetInt64(1)), UnixNanoseconds.To(r.GetInt64(2)))).ToList();
        }, cancellationToken);

    /// <inheritdoc />
    public Task<bool> RemoveSyncerAsync(string instance, CancellationToken cancellationToken) =>
        RunAsync($"remove syncer {instance}", async connection =>
            await connection.ExecuteAsync(MySqlParameters.Bind("DELETE FROM syncers WHERE host_info = @host", ("host", instance)), cancellationToken) == 1,
            cancellationToken);

    /// <inheritdoc />
    public ValueTask DisposeAsync() => _pool.DisposeAsync();

    private MySqlConnectionOptions ConnectionOptions(string? database) => new()
    {
        Host = _options.Host,
        Port = _options.Port,
        User = _options.User,
        Password = _options.Password,
        Database = database,
        ConnectTimeout = _options.ConnectTimeout,
        ReadTimeout = _options.CommandTimeout,
        AllowMultiStatements = false,
        TimeProvider = _time,
        // Bound parameters are backslash-escaped literals; a server whose default sql_mode has
        // NO_BACKSLASH_ESCAPES would store them with doubled backslashes.
        SessionInitSql = "SET SESSION sql_mode = REPLACE(@@SESSION.sql_mode, 'NO_BACKSLASH_ESCAPES', '')",
    };

    private async Task<bool> LockIfOwnedAsync(MySqlConnection connection, string name, string owner, long epoch, CancellationToken cancellationToken)
    {
        var rows = await connection.QueryResultSetAsync(MySqlParameters.Bind(
            "SELECT owner_epoch FROM jobs WHERE job_name = @name AND belong_to = @owner AND owner_epoch = @epoch FOR UPDATE",
            ("name", name), ("owner", owner), ("epoch", epoch)), cancellationToken);
        return rows.Rows.Count == 1;
    }

    private async Task EncryptPlaintextPasswordsAsync(MySqlConnection connection, CancellationToken cancellationToken)
    {
        var rows = await connection.QueryResultSetAsync("SELECT job_name, job_info FROM jobs", cancellationToken);
        foreach (var row in rows.Rows)
        {
            var (name, json) = (row.GetString(0), row.GetStringOrNull(1));
            if (_codec.EncryptLegacyRow(name, json) is not { } encrypted) continue;
            await connection.ExecuteAsync(MySqlParameters.Bind("UPDATE jobs SET job_info = @info WHERE job_name = @name AND job_info = @old",
                ("info", encrypted), ("name", name), ("old", json)), cancellationToken);
        }
    }

    private StoredJob ReadJob(MySqlRow row)
    {
        var name = row.GetString(0);
        var info = _codec.Decode(name, row.GetStringOrNull(1) ?? "null");
        return new StoredJob(info with { Name = name }, row.GetStringOrNull(2) ?? "", row.GetInt64(3));
    }

    /// <summary>Go's MySQL store writes the progress base64-encoded; ours writes the JSON itself.</summary>
    private static string? DecodeProgress(string? stored)
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

    private static async Task<int> ReadVersionAsync(MySqlConnection connection, CancellationToken cancellationToken)
    {
        var exists = await connection.QueryResultSetAsync(
            "SELECT 1 FROM information_schema.tables WHERE table_schema = DATABASE() AND table_name = 'schema_migrations'", cancellationToken);
        if (exists.Rows.Count == 0) return 0;
        var version = await connection.ExecuteScalarAsync("SELECT MAX(version) FROM schema_migrations", cancellationToken);
        return version is null ? 0 : (int)Convert.ToInt64(version, System.Globalization.CultureInfo.InvariantCulture);
    }

    private async Task<T> RunAsync<T>(string operation, Func<MySqlConnection, Task<T>> action, CancellationToken cancellationToken)
    {
        try
        {
            var lease = await _pool.RentAsync(cancellationToken);
            await using (lease)
            {
                return await action(lease.Connection);
            }
        }
        catch (MySqlException e)
        {
            throw new StoreException($"{Description}: cannot {operation}: {e.Message}", e);
        }
    }

    private Task<T> InTransactionAsync<T>(string operation, Func<MySqlConnection, Task<T>> action, CancellationToken cancellationToken) =>
        RunAsync(operation, async connection =>
        {
            await connection.ExecuteAsync("START TRANSACTION", cancellationToken);
            T result;
            try
            {
                result = await action(connection);
            }
            catch
            {
                if (!connection.IsBroken)
                {
                    // A rollback that fails leaves the connection broken, and the pool then drops it.
                    try
                    {
                        await connection.ExecuteAsync("ROLLBACK", CancellationToken.None);
                    }
                    catch (MySqlException)
                    {
                        // The original failure is the one worth reporting.
                    }
                }
                throw;
            }
            await connection.ExecuteAsync("COMMIT", cancellationToken);
            return result;
        }, cancellationToken);
}
