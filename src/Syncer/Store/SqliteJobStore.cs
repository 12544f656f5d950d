using Microsoft.Data.Sqlite;
using Syncer.Jobs;

namespace Syncer.Store;

/// <summary>
/// The default job store: one SQLite file. Table and column names are the Go syncer's (<c>jobs.job_name</c>,
/// <c>job_info</c>, <c>belong_to</c>, <c>progresses</c>, <c>syncers.host_info</c>, <c>timestamp</c> in Unix
/// nanoseconds), so the file of an existing Go installation is adopted in place; this store adds the owner
/// epoch and the lease expiry through migrations.
/// </summary>
public sealed class SqliteJobStore : IJobStore
{
    /// <summary>The schema steps, oldest first.</summary>
    public static IReadOnlyList<SchemaMigration> Migrations { get; } =
    [
        new(1, "Go syncer tables",
        [
            "CREATE TABLE IF NOT EXISTS jobs (job_name TEXT PRIMARY KEY, job_info TEXT, belong_to TEXT)",
            "CREATE TABLE IF NOT EXISTS progresses (job_name TEXT PRIMARY KEY, progress TEXT)",
            "CREATE TABLE IF NOT EXISTS syncers (host_info TEXT PRIMARY KEY, timestamp INTEGER)",
        ]),
        new(2, "owner epoch and lease expiry",
        [
            "ALTER TABLE jobs ADD COLUMN owner_epoch INTEGER NOT NULL DEFAULT 0",
            "ALTER TABLE syncers ADD COLUMN lease_expiry INTEGER NOT NULL DEFAULT 0",
            "CREATE INDEX IF NOT EXISTS jobs_belong_to ON jobs (belong_to)",
        ]),
    ];

    private static int _batteriesInitialized;

    private readonly string _connectionString;
    private readonly JobInfoCodec _codec;
    private readonly TimeProvider _time;

    /// <summary>Opens (creating if needed) the database file at <paramref name="path"/>.</summary>
    public SqliteJobStore(string path, PasswordCipher cipher, TimeProvider time)
    {
        _time = time;
        if (Interlocked.Exchange(ref _batteriesInitialized, 1) == 0) SQLitePCL.Batteries.Init();
        var fullPath = Path.GetFullPath(path);
        var directory = Path.GetDirectoryName(fullPath);
        if (!string.IsNullOrEmpty(directory)) Directory.CreateDirectory(directory);
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = fullPath,
            Mode = SqliteOpenMode.ReadWriteCreate,
            // Seconds a statement waits for a lock held by another connection before failing.
            DefaultTimeout = 30,
        }.ToString();
        _codec = new JobInfoCodec(cipher);
        Description = $"sqlite3 {fullPath}";
    }

    /// <inheritdoc />
    public string Description { get; }

    /// <inheritdoc />
    public async Task MigrateAsync(CancellationToken cancellationToken)
    {
        await RunAsync("migrate the schema", async connection =>
        {
            await ExecuteAsync(connection, null, "PRAGMA journal_mode=WAL", cancellationToken);
            await ExecuteAsync(connection, null,
                "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, description TEXT NOT NULL, applied_at INTEGER NOT NULL)",
                cancellationToken);
            var current = await ReadVersionAsync(connection, cancellationToken);
            var latest = Migrations[^1].Version;
            if (current > latest)
                throw new StoreException($"{Description}: schema version {current} is newer than this ccr_syncer supports ({latest}); upgrade ccr_syncer");
            foreach (var migration in Migrations.Where(m => m.Version > current))
            {
                await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken);
                foreach (var statement in migration.Statements)
                {
                    // A Go syncer's file already has the v1 tables; ADD COLUMN is the only non-idempotent step and runs once by version.
                    await ExecuteAsync(connection, transaction, statement, cancellationToken);
                }
                await ExecuteAsync(connection, transaction,
                    "INSERT INTO schema_migrations (version, description, applied_at) VALUES ($v, $d, $t)", cancellationToken,
                    ("$v", migration.Version), ("$d", migration.Description), ("$t", _time.GetUtcNow().ToUnixTimeSeconds()));
                await transaction.CommitAsync(cancellationToken);
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
        RunAsync("ping", async c => await ScalarAsync(c, "SELECT 1", cancellationToken), cancellationToken);

    /// <inheritdoc />
    public Task AddJobAsync(JobInfo info, string owner, string? initialProgressJson, CancellationToken cancellationToken) =>
        RunAsync($"add job {info.Name}", async connection =>
        {
            await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken);
            try
            {
                await ExecuteAsync(connection, transaction,
                    "INSERT INTO jobs (job_name, job_info, belong_to, owner_epoch) VALUES ($name, $info, $owner, 1)", cancellationToken,
                    ("$name", info.Name), ("$info", _codec.Encode(info)), ("$owner", owner));
            }
            catch (SqliteException e) when (e.SqliteErrorCode == 19) // SQLITE_CONSTRAINT: primary key taken
            {
                throw new JobAlreadyExistsException(info.Name);
            }
            // A stale progress row may survive a Go syncer's interrupted delete; the new job starts clean.
            await ExecuteAsync(connection, transaction, "DELETE FROM progresses WHERE job_name = $name", cancellationToken, ("$name", info.Name));
            if (initialProgressJson is not null)
            {
                await ExecuteAsync(connection, transaction, "INSERT INTO progresses (job_name, progress) VALUES ($name, $p)", cancellationToken,
                    ("$name", info.Name), ("$p", initialProgressJson));
            }
            await transaction.CommitAsync(cancellationToken);
            return 0;
        }, cancellationToken);

    /// <inheritdoc />
    public Task<StoredJob?> GetJobAsync(string name, CancellationToken cancellationToken) =>
        RunAsync($"read job {name}", async connection =>
        {
            await using var command = Command(connection, null,
                "SELECT job_name, job_info, belong_to, owner_epoch FROM jobs WHERE job_name = $name", ("$name", name));
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            return await reader.ReadAsync(cancellationToken) ? ReadJob(reader) : null;
        }, cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<StoredJob>> ListJobsAsync(CancellationToken cancellationToken) =>
        RunAsync("list jobs", async connection =>
        {
            await using var command = Command(connection, null, "SELECT job_name, job_info, belong_to, owner_epoch FROM jobs ORDER BY job_name");
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            var jobs = new List<StoredJob>();
            while (await reader.ReadAsync(cancellationToken)) jobs.Add(ReadJob(reader));
            return (IReadOnlyList<StoredJob>)jobs;
        }, cancellationToken);

    /// <inheritdoc />
    public Task<bool> UpdateJobInfoAsync(JobInfo info, string owner, long ownerEpoch, CancellationToken cancellationToken) =>
        RunAsync($"update job {info.Name}", async connection =>
            await ExecuteAsync(connection, null,
                "UPDATE jobs SET job_info = $info WHERE job_name = $name AND belong_to = $owner AND owner_epoch = $epoch", cancellationToken,
                ("$info", _codec.Encode(info)), ("$name", info.Name), ("$owner", owner), ("$epoch", ownerEpoch)) == 1,
            cancellationToken);

    /// <inheritdoc />
    public Task<bool> DeleteJobAsync(string name, CancellationToken cancellationToken) =>
        RunAsync($"delete job {name}", async connection =>
        {
            await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken);
            var deleted = await ExecuteAsync(connection, transaction, "DELETE FROM jobs WHERE job_name = $name", cancellationToken, ("$name", name));
            await ExecuteAsync(connection, transaction, "DELETE FROM progresses WHERE job_name = $name", cancellationToken, ("$name", name));
            await transaction.CommitAsync(cancellationToken);
            return deleted == 1;
        }, cancellationToken);

    /// <inheritdoc />
    public Task<string?> GetProgressAsync(string name, CancellationToken cancellationToken) =>
        RunAsync($"read the progress of job {name}", async connection =>
            await ScalarAsync(connection, "SELECT progress FROM progresses WHERE job_name = $name", cancellationToken, ("$name", name)) as string,
            cancellationToken);

    /// <inheritdoc />
    public Task<bool> SaveProgressAsync(string name, string progressJson, string owner, long ownerEpoch, CancellationToken cancellationToken) =>
        RunAsync($"save the progress of job {name}", async connection =>
            // The fence and the write are one statement, so ownership cannot change in between.
            await ExecuteAsync(connection, null,
                """
                INSERT INTO progresses (job_name, progress)
                SELECT $name, $p WHERE EXISTS (SELECT 1 FROM jobs WHERE job_name = $name AND belong_to = $owner AND owner_epoch = $epoch)
                ON CONFLICT (job_name) DO UPDATE SET progress = excluded.progress
                """, cancellationToken,
                ("$name", name), ("$p", progressJson), ("$owner", owner), ("$epoch", ownerEpoch)) == 1,
            cancellationToken);

    /// <inheritdoc />
    public Task<long?> TransferJobAsync(string name, string newOwner, long expectedEpoch, CancellationToken cancellationToken) =>
        RunAsync($"transfer job {name}", async connection =>
        {
            var changed = await ExecuteAsync(connection, null,
                "UPDATE jobs SET belong_to = $owner, owner_epoch = owner_epoch + 1 WHERE job_name = $name AND owner_epoch = $epoch", cancellationToken,
                ("$owner", newOwner), ("$name", name), ("$epoch", expectedEpoch));
            return changed == 1 ? expectedEpoch + 1 : (long?)null;
        }, cancellationToken);

    /// <inheritdoc />
    public Task HeartbeatAsync(SyncerRecord syncer, CancellationToken cancellationToken) =>
        RunAsync($"heartbeat of {syncer.Instance}", async connection =>
            await ExecuteAsync(connection, null,
                """
                INSERT INTO syncers (host_info, timestamp, lease_expiry) VALUES ($host, $ts, $lease)
                ON CONFLICT (host_info) DO UPDATE SET timestamp = excluded.timestamp, lease_expiry = excluded.lease_expiry
                """, cancellationToken,
                ("$host", syncer.Instance), ("$ts", UnixNanoseconds.From(syncer.Heartbeat)), ("$lease", UnixNanoseconds.From(syncer.LeaseExpiry))),
            cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<SyncerRecord>> ListSyncersAsync(CancellationToken cancellationToken) =>
        RunAsync("list syncers", async connection =>
        {
            await using var command = Command(connection, null, "SELECT host_info, timestamp, lease_expiry FROM syncers ORDER BY host_info");
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            var syncers = new List<SyncerRecord>();
            while (await reader.ReadAsync(cancellationToken))
            {
                syncers.Add(new SyncerRecord(reader.GetString(0),
                    UnixNanoseconds.To(reader.IsDBNull(1) ? 0 : reader.GetInt64(1)), UnixNanoseconds.To(reader.GetInt64(2))));
            }
            return (IReadOnlyList<SyncerRecord>)syncers;
        }, cancellationToken);

    /// <inheritdoc />
    public Task<bool> RemoveSyncerAsync(string instance, CancellationToken cancellationToken) =>
        RunAsync($"remove syncer {instance}", async connection =>
            await ExecuteAsync(connection, null, "DELETE FROM syncers WHERE host_info = $host", cancellationToken, ("$host", instance)) == 1,
            cancellationToken);

    /// <inheritdoc />
    public ValueTask DisposeAsync()
    {
        // Pooled connections keep the file open (and WAL files around) after the store is gone.
        SqliteConnection.ClearAllPools();
        return ValueTask.CompletedTask;
    }

    private async Task EncryptPlaintextPasswordsAsync(SqliteConnection connection, CancellationToken cancellationToken)
    {
        var rewrites = new List<(string Name, string Old, string New)>();
        await using (var command = Command(connection, null, "SELECT job_name, job_info FROM jobs"))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                var json = reader.IsDBNull(1) ? null : reader.GetString(1);
                if (_codec.EncryptLegacyRow(reader.GetString(0), json) is { } encrypted) rewrites.Add((reader.GetString(0), json!, encrypted));
            }
        }
        foreach (var (name, old, encrypted) in rewrites)
        {
            await ExecuteAsync(connection, null, "UPDATE jobs SET job_info = $info WHERE job_name = $name AND job_info = $old", cancellationToken,
                ("$info", encrypted), ("$name", name), ("$old", old));
        }
    }

    private StoredJob ReadJob(SqliteDataReader reader)
    {
        var name = reader.GetString(0);
        var info = _codec.Decode(name, reader.IsDBNull(1) ? "null" : reader.GetString(1));
        // The row's name is authoritative (a Go row's job_info name always matches, but a hand-edited one might not).
        return new StoredJob(info with { Name = name }, reader.IsDBNull(2) ? "" : reader.GetString(2), reader.GetInt64(3));
    }

    private static async Task<int> ReadVersionAsync(SqliteConnection connection, CancellationToken cancellationToken)
    {
        var exists = await ScalarAsync(connection, "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'", cancellationToken);
        if (Convert.ToInt64(exists, System.Globalization.CultureInfo.InvariantCulture) == 0) return 0;
        var version = await ScalarAsync(connection, "SELECT MAX(version) FROM schema_migrations", cancellationToken);
        return version is null or DBNull ? 0 : (int)Convert.ToInt64(version, System.Globalization.CultureInfo.InvariantCulture);
    }

    private async Task<T> RunAsync<T>(string operation, Func<SqliteConnection, Task<T>> action, CancellationToken cancellationToken)
    {
        try
        {
            await using var connection = new SqliteConnection(_connectionString);
            await connection.OpenAsync(cancellationToken);
            // In WAL mode NORMAL syncs at checkpoints, not at every commit: a killed process loses nothing, an OS crash
            // at most the last checkpoints, which the engine replays safely (job-derived labels, DDL replay checks).
            await ExecuteAsync(connection, null, "PRAGMA synchronous=NORMAL", cancellationToken);
            return await action(connection);
        }
        catch (SqliteException e)
        {
            throw new StoreException($"{Description}: cannot {operation}: {e.Message}", e);
        }
    }

    private static SqliteCommand Command(SqliteConnection connection, SqliteTransaction? transaction, string sql, params (string Name, object Value)[] parameters)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = transaction;
        foreach (var (name, value) in parameters) command.Parameters.AddWithValue(name, value);
        return command;
    }

    private static async Task<int> ExecuteAsync(SqliteConnection connection, SqliteTransaction? transaction, string sql,
        CancellationToken cancellationToken, params (string Name, object Value)[] parameters)
    {
        await using var command = Command(connection, transaction, sql, parameters);
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static async Task<object?> ScalarAsync(SqliteConnection connection, string sql, CancellationToken cancellationToken,
        params (string Name, object Value)[] parameters)
    {
        await using var command = Command(connection, null, sql, parameters);
        return await command.ExecuteScalarAsync(cancellationToken);
    }
}
