using System.Globalization;
using System.Text;
using MySqlConnector;
using Syncer.Jobs;

namespace Syncer.Store;

/// <summary>
/// The shared job store for several instances: database <c>ccr</c> on a MySQL-protocol server, created if
/// missing, over MySqlConnector (pooled). Tables and columns are the Go syncer's, so an existing Go
/// store is adopted in place (its base64 progress rows are still read); this store adds the owner epoch
/// and lease expiry by versioned migrations. Every value travels as a MySqlConnector parameter.
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
    private readonly string _connectionString;

    /// <summary>Prepares the store; nothing connects until <see cref="MigrateAsync"/>.</summary>
    public MySqlJobStore(MySqlStoreOptions options, PasswordCipher cipher, TimeProvider time)
    {
        _options = options;
        _codec = new JobInfoCodec(cipher);
        _time = time;
        _connectionString = ConnectionString(MySqlStoreOptions.DatabaseName);
        Description = $"mysql {options.Host}:{options.Port}/{MySqlStoreOptions.DatabaseName}";
    }

    /// <inheritdoc />
    public string Description { get; }

    /// <inheritdoc />
    public async Task MigrateAsync(CancellationToken cancellationToken)
    {
        try
        {
            var bootstrap = new MySqlConnection(ConnectionString(database: null));
            await using (bootstrap)
            {
                await bootstrap.OpenAsync(cancellationToken);
                await ExecuteAsync(bootstrap, $"CREATE DATABASE IF NOT EXISTS `{MySqlStoreOptions.DatabaseName}` DEFAULT CHARSET = utf8mb4", cancellationToken);
            }
        }
        catch (MySqlException e)
        {
            throw new StoreException($"{Description}: cannot create database {MySqlStoreOptions.DatabaseName}: {e.Message}", e);
        }
        await RunAsync("migrate the schema", async connection =>
        {
            // Instances starting together must not run the same migration twice at once.
            var locked = await ScalarAsync(connection, "SELECT GET_LOCK('ccr_syncer_schema', 60)", cancellationToken);
            if (Convert.ToInt64(locked, CultureInfo.InvariantCulture) != 1)
                throw new StoreException($"{Description}: another instance held the schema lock for 60s");
            try
            {
                await ExecuteAsync(connection,
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
                            await ExecuteAsync(connection, statement, cancellationToken);
                        }
                        catch (MySqlException e) when (AlreadyAppliedErrors.Contains(e.Number))
                        {
                            // Applied by an earlier, interrupted run.
                        }
                    }
                    await ExecuteAsync(connection,
                        "INSERT INTO schema_migrations (version, description, applied_at) VALUES (@v, @d, @t)", cancellationToken, ("v", migration.Version), ("d", migration.Description), ("t", _time.GetUtcNow().ToUnixTimeSeconds()));
                }
            }
            finally
            {
                // Not the caller's token: a cancelled migration must still free the lock on this pooled session.
                await ExecuteAsync(connection, "SELECT RELEASE_LOCK('ccr_syncer_schema')", CancellationToken.None);
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
            if (!await c.PingAsync(cancellationToken)) throw new StoreException($"{Description}: the server did not answer a ping");
            return 0;
        }, cancellationToken);

    /// <inheritdoc />
    public Task AddJobAsync(JobInfo info, string owner, string? initialProgressJson, CancellationToken cancellationToken) =>
        InTransactionAsync($"add job {info.Name}", async connection =>
        {
            try
            {
                await ExecuteAsync(connection,
                    "INSERT INTO jobs (job_name, job_info, belong_to, owner_epoch) VALUES (@name, @info, @owner, 1)", cancellationToken, ("name", info.Name), ("info", _codec.Encode(info)), ("owner", owner));
            }
            catch (MySqlException e) when (e.Number == DuplicateKey)
            {
                throw new JobAlreadyExistsException(info.Name);
            }
            await ExecuteAsync(connection, "DELETE FROM progresses WHERE job_name = @name", cancellationToken, ("name", info.Name));
            if (initialProgressJson is not null)
            {
                await ExecuteAsync(connection, "INSERT INTO progresses (job_name, progress) VALUES (@name, @p)", cancellationToken, ("name", info.Name), ("p", initialProgressJson));
            }
            return 0;
        }, cancellationToken);

    /// <inheritdoc />
    public Task<StoredJob?> GetJobAsync(string name, CancellationToken cancellationToken) =>
        RunAsync($"read job {name}", async connection =>
        {
            var rows = await QueryAsync(connection,
                "SELECT job_name, job_info, belong_to, owner_epoch FROM jobs WHERE job_name = @name", cancellationToken, ("name", name));
            return rows.Count == 0 ? null : ReadJob(rows[0]);
        }, cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<StoredJob>> ListJobsAsync(CancellationToken cancellationToken) =>
        RunAsync("list jobs", async connection =>
        {
            var rows = await QueryAsync(connection, "SELECT job_name, job_info, belong_to, owner_epoch FROM jobs ORDER BY job_name", cancellationToken);
            return (IReadOnlyList<StoredJob>)rows.Select(ReadJob).ToList();
        }, cancellationToken);

    /// <inheritdoc />
    public Task<bool> UpdateJobInfoAsync(JobInfo info, string owner, long ownerEpoch, CancellationToken cancellationToken) =>
        InTransactionAsync($"update job {info.Name}", async connection =>
        {
            if (!await LockIfOwnedAsync(connection, info.Name, owner, ownerEpoch, cancellationToken)) return false;
            await ExecuteAsync(connection, "UPDATE jobs SET job_info = @info WHERE job_name = @name", cancellationToken, ("info", _codec.Encode(info)), ("name", info.Name));
            return true;
        }, cancellationToken);

    /// <inheritdoc />
    public Task<bool> DeleteJobAsync(string name, CancellationToken cancellationToken) =>
        InTransactionAsync($"delete job {name}", async connection =>
        {
            var deleted = await ExecuteAsync(connection, "DELETE FROM jobs WHERE job_name = @name", cancellationToken, ("name", name));
            await ExecuteAsync(connection, "DELETE FROM progresses WHERE job_name = @name", cancellationToken, ("name", name));
            return deleted == 1;
        }, cancellationToken);

    /// <inheritdoc />
    public Task<string?> GetProgressAsync(string name, CancellationToken cancellationToken) =>
        RunAsync($"read the progress of job {name}", async connection =>
        {
            var rows = await QueryAsync(connection,
                "SELECT progress FROM progresses WHERE job_name = @name", cancellationToken, ("name", name));
            return rows.Count == 0 ? null : DecodeProgress(rows[0][0] as string);
        }, cancellationToken);

    /// <inheritdoc />
    public Task<bool> SaveProgressAsync(string name, string progressJson, string owner, long ownerEpoch, CancellationToken cancellationToken) =>
        InTransactionAsync($"save the progress of job {name}", async connection =>
        {
            if (!await LockIfOwnedAsync(connection, name, owner, ownerEpoch, cancellationToken)) return false;
            await ExecuteAsync(connection,
                "INSERT INTO progresses (job_name, progress) VALUES (@name, @p) ON DUPLICATE KEY UPDATE progress = VALUES(progress)", cancellationToken, ("name", name), ("p", progressJson));
            return true;
        }, cancellationToken);

    /// <inheritdoc />
    public Task<long?> TransferJobAsync(string name, string newOwner, long expectedEpoch, CancellationToken cancellationToken) =>
        RunAsync($"transfer job {name}", async connection =>
        {
            // The epoch always changes, so the affected-row count is reliable here.
            var changed = await ExecuteAsync(connection,
                "UPDATE jobs SET belong_to = @owner, owner_epoch = owner_epoch + 1 WHERE job_name = @name AND owner_epoch = @epoch", cancellationToken, ("owner", newOwner), ("name", name), ("epoch", expectedEpoch));
            return changed == 1 ? expectedEpoch + 1 : (long?)null;
        }, cancellationToken);

    /// <inheritdoc />
    public Task HeartbeatAsync(SyncerRecord syncer, CancellationToken cancellationToken) =>
        RunAsync($"heartbeat of {syncer.Instance}", async connection =>
            await ExecuteAsync(connection,
                "INSERT INTO syncers (host_info, timestamp, lease_expiry) VALUES (@host, @ts, @lease) "
                + "ON DUPLICATE KEY UPDATE timestamp = VALUES(timestamp), lease_expiry = VALUES(lease_expiry)", cancellationToken, ("host", syncer.Instance), ("ts", UnixNanoseconds.From(syncer.Heartbeat)), ("lease", UnixNanoseconds.From(syncer.LeaseExpiry))),
            cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<SyncerRecord>> ListSyncersAsync(CancellationToken cancellationToken) =>
        RunAsync("list syncers", async connection =>
        {
            var rows = await QueryAsync(connection, "SELECT host_info, timestamp, lease_expiry FROM syncers ORDER BY host_info", cancellationToken);
            return (IReadOnlyList<SyncerRecord>)rows.Select(r => new SyncerRecord((string)r[0]!,
                UnixNanoseconds.To(r[1] is null ? 0 : Convert.ToInt64(r[1], CultureInfo.InvariantCulture)), UnixNanoseconds.To(Convert.ToInt64(r[2], CultureInfo.InvariantCulture)))).ToList();
        }, cancellationToken);

    /// <inheritdoc />
    public Task<bool> RemoveSyncerAsync(string instance, CancellationToken cancellationToken) =>
        RunAsync($"remove syncer {instance}", async connection =>
            await ExecuteAsync(connection, "DELETE FROM syncers WHERE host_info = @host", cancellationToken, ("host", instance)) == 1,
            cancellationToken);

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        // Closes this store's idle pooled connections (MySqlConnector keeps one pool per connection string).
        var connection = new MySqlConnection(_connectionString);
        await using (connection)
        {
            await MySqlConnection.ClearPoolAsync(connection);
        }
    }

    // MySqlConnector binds parameters client-side (escaping for the session's sql_mode, NO_BACKSLASH_ESCAPES included)
    // and resets pooled sessions; timeouts are whole seconds there.
    private string ConnectionString(string? database) => new MySqlConnectionStringBuilder
    {
        Server = _options.Host,
        Port = checked((uint)_options.Port),
        UserID = _options.User,
        Password = _options.Password,
        Database = database ?? string.Empty,
        ConnectionTimeout = WholeSeconds(_options.ConnectTimeout),
        DefaultCommandTimeout = WholeSeconds(_options.CommandTimeout),
        AllowUserVariables = false,
        SslMode = MySqlSslMode.None,
        AutoEnlist = false,
    }.ConnectionString;

    private static uint WholeSeconds(TimeSpan timeout) => (uint)Math.Clamp(Math.Ceiling(timeout.TotalSeconds), 1, int.MaxValue);

    private static MySqlCommand Command(MySqlConnection connection, string sql, (string Name, object? Value)[] parameters)
    {
        var command = new MySqlCommand(sql, connection);
        foreach (var (name, value) in parameters) command.Parameters.AddWithValue("@" + name, value);
        return command;
    }

    private static async Task<int> ExecuteAsync(MySqlConnection connection, string sql, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters)
    {
        await using var command = Command(connection, sql, parameters);
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static async Task<object?> ScalarAsync(MySqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = Command(connection, sql, []);
        var value = await command.ExecuteScalarAsync(cancellationToken);
        return value is DBNull ? null : value;
    }

    /// <summary>Every row of a query, SQL NULL as null.</summary>
    private static async Task<List<object?[]>> QueryAsync(MySqlConnection connection, string sql, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters)
    {
        await using var command = Command(connection, sql, parameters);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var rows = new List<object?[]>();
        while (await reader.ReadAsync(cancellationToken))
        {
            var row = new object?[reader.FieldCount];
            for (var i = 0; i < row.Length; i++) row[i] = reader.IsDBNull(i) ? null : reader.GetValue(i);
            rows.Add(row);
        }
        return rows;
    }

    private async Task<bool> LockIfOwnedAsync(MySqlConnection connection, string name, string owner, long epoch, CancellationToken cancellationToken)
    {
        var rows = await QueryAsync(connection,
            "SELECT owner_epoch FROM jobs WHERE job_name = @name AND belong_to = @owner AND owner_epoch = @epoch FOR UPDATE", cancellationToken, ("name", name), ("owner", owner), ("epoch", epoch));
        return rows.Count == 1;
    }

    private async Task EncryptPlaintextPasswordsAsync(MySqlConnection connection, CancellationToken cancellationToken)
    {
        var rows = await QueryAsync(connection, "SELECT job_name, job_info FROM jobs", cancellationToken);
        foreach (var row in rows)
        {
            var (name, json) = ((string)row[0]!, row[1] as string);
            if (_codec.EncryptLegacyRow(name, json) is not { } encrypted) continue;
            await ExecuteAsync(connection, "UPDATE jobs SET job_info = @info WHERE job_name = @name AND job_info = @old", cancellationToken, ("info", encrypted), ("name", name), ("old", json));
        }
    }

    private StoredJob ReadJob(object?[] row)
    {
        var name = (string)row[0]!;
        var info = _codec.Decode(name, row[1] as string ?? "null");
        return new StoredJob(info with { Name = name }, row[2] as string ?? "", Convert.ToInt64(row[3], CultureInfo.InvariantCulture));
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
        var exists = await QueryAsync(connection,
            "SELECT 1 FROM information_schema.tables WHERE table_schema = DATABASE() AND table_name = 'schema_migrations'", cancellationToken);
        if (exists.Count == 0) return 0;
        var version = await ScalarAsync(connection, "SELECT MAX(version) FROM schema_migrations", cancellationToken);
        return version is null ? 0 : (int)Convert.ToInt64(version, CultureInfo.InvariantCulture);
    }

    private async Task<T> RunAsync<T>(string operation, Func<MySqlConnection, Task<T>> action, CancellationToken cancellationToken)
    {
        try
        {
            var connection = new MySqlConnection(_connectionString);
            await using (connection)
            {
                await connection.OpenAsync(cancellationToken);
                return await action(connection);
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
            await ExecuteAsync(connection, "START TRANSACTION", cancellationToken);
            T result;
            try
            {
                result = await action(connection);
            }
            catch
            {
                if (connection.State == System.Data.ConnectionState.Open)
                {
                    // A rollback that fails leaves the connection broken, and the pool then drops it.
                    try
                    {
                        await ExecuteAsync(connection, "ROLLBACK", CancellationToken.None);
                    }
                    catch (MySqlException)
                    {
                        // The original failure is the one worth reporting.
                    }
                }
                throw;
            }
            await ExecuteAsync(connection, "COMMIT", cancellationToken);
            return result;
        }, cancellationToken);
}
