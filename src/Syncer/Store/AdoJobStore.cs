using System.Data.Common;
using System.Globalization;
using Syncer.Jobs;

namespace Syncer.Store;

/// <summary>
/// The job store over any ADO.NET provider: the operations of <see cref="IJobStore"/> written once, with the SQL from
/// a <see cref="JobStoreSql"/> dialect. Subclasses open connections and classify their provider's errors. Fenced
/// writes read the fence (owner and epoch) and write inside one transaction that holds the job row (MySQL) or the
/// database's write lock (SQLite), so a transfer can never slip in between the check and the write.
/// </summary>
public abstract class AdoJobStore : IJobStore
{
    private readonly JobInfoCodec _codec;

    /// <summary>Prepares the store; nothing connects until the first operation.</summary>
    protected AdoJobStore(JobStoreSql sql, PasswordCipher cipher, TimeProvider time, string description)
    {
        Sql = sql;
        Time = time;
        Description = description;
        _codec = new JobInfoCodec(cipher);
    }

    /// <inheritdoc />
    public string Description { get; }

    /// <summary>The dialect's statements.</summary>
    protected JobStoreSql Sql { get; }

    /// <summary>The clock that stamps migrations.</summary>
    protected TimeProvider Time { get; }

    /// <summary>An open connection to the store's database.</summary>
    protected abstract Task<DbConnection> OpenConnectionAsync(CancellationToken cancellationToken);

    /// <summary>True when the error is a primary-key violation.</summary>
    protected abstract bool IsDuplicateKey(DbException error);

    /// <summary>True when a migration statement failed because an interrupted earlier run already applied it.</summary>
    protected virtual bool IsAlreadyApplied(DbException error) => false;

    /// <summary>True when the provider's DDL is transactional, so each migration step commits with its version row.</summary>
    protected virtual bool MigrationsAreTransactional => true;

    /// <summary>Runs before the schema is read (creating the database, say); wraps its own errors.</summary>
    protected virtual Task PrepareDatabaseAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Runs first on the migration connection (database-wide settings such as SQLite's journal mode).</summary>
    protected virtual Task PrepareSchemaAsync(DbConnection connection, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Keeps other instances from migrating at the same time; disposing releases the lock.</summary>
    protected virtual Task<IAsyncDisposable?> LockMigrationsAsync(DbConnection connection, CancellationToken cancellationToken) =>
        Task.FromResult<IAsyncDisposable?>(null);

    /// <summary>Turns a stored progress value into progress JSON (a dialect may have stored it differently).</summary>
    protected virtual string? DecodeProgress(string? stored) => stored;

    /// <summary>Called after an operation failed with a transient error (a pool of dead connections can be dropped here).</summary>
    protected virtual Task OnTransientFailureAsync() => Task.CompletedTask;

    /// <inheritdoc />
    public async Task MigrateAsync(CancellationToken cancellationToken)
    {
        await PrepareDatabaseAsync(cancellationToken);
        await RunAsync("migrate the schema", async connection =>
        {
            await PrepareSchemaAsync(connection, cancellationToken);
            var migrationLock = await LockMigrationsAsync(connection, cancellationToken);
            try
            {
                await ExecuteAsync(connection, null, Sql.CreateSchemaMigrations, cancellationToken);
                var current = await ReadVersionAsync(connection, cancellationToken);
                var latest = Sql.Migrations[^1].Version;
                if (current > latest)
                    throw new StoreException($"{Description}: schema version {current} is newer than this ccr_syncer supports ({latest}); upgrade ccr_syncer");
                foreach (var migration in Sql.Migrations.Where(m => m.Version > current))
                    await ApplyAsync(connection, migration, cancellationToken);
            }
            finally
            {
                if (migrationLock is not null) await migrationLock.DisposeAsync();
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
        RunAsync("ping", async c => await ScalarAsync(c, null, Sql.Ping, cancellationToken), cancellationToken);

    /// <inheritdoc />
    public Task AddJobAsync(JobInfo info, string owner, string? initialProgressJson, CancellationToken cancellationToken) =>
        InTransactionAsync($"add job {info.Name}", async (connection, transaction) =>
        {
            try
            {
                await ExecuteAsync(connection, transaction, Sql.InsertJob, cancellationToken,
                    ("name", info.Name), ("info", _codec.Encode(info)), ("owner", owner));
            }
            catch (DbException e) when (IsDuplicateKey(e))
            {
                throw new JobAlreadyExistsException(info.Name);
            }
            // A stale progress row may survive a Go syncer's interrupted delete; the new job starts clean.
            await ExecuteAsync(connection, transaction, Sql.DeleteProgress, cancellationToken, ("name", info.Name));
            if (initialProgressJson is not null)
                await ExecuteAsync(connection, transaction, Sql.InsertProgress, cancellationToken, ("name", info.Name), ("progress", initialProgressJson));
            return true;
        }, cancellationToken);

    /// <inheritdoc />
    public Task<StoredJob?> GetJobAsync(string name, CancellationToken cancellationToken) =>
        RunAsync($"read job {name}", async connection =>
        {
            await using var command = Command(connection, null, Sql.SelectJob, ("name", name));
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            return await reader.ReadAsync(cancellationToken) ? ReadJob(reader) : null;
        }, cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<StoredJob>> ListJobsAsync(CancellationToken cancellationToken) =>
        RunAsync("list jobs", async connection =>
        {
            await using var command = Command(connection, null, Sql.SelectJobs);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            var jobs = new List<StoredJob>();
            while (await reader.ReadAsync(cancellationToken)) jobs.Add(ReadJob(reader));
            return (IReadOnlyList<StoredJob>)jobs;
        }, cancellationToken);

    /// <inheritdoc />
    public Task<bool> UpdateJobInfoAsync(JobInfo info, string owner, long ownerEpoch, CancellationToken cancellationToken) =>
        FencedWriteAsync($"update job {info.Name}", info.Name, owner, ownerEpoch, (connection, transaction) =>
            ExecuteAsync(connection, transaction, Sql.UpdateJobInfo, cancellationToken, ("info", _codec.Encode(info)), ("name", info.Name)),
            cancellationToken);

    /// <inheritdoc />
    public Task<bool> DeleteJobAsync(string name, CancellationToken cancellationToken) =>
        InTransactionAsync($"delete job {name}", async (connection, transaction) =>
        {
            var deleted = await ExecuteAsync(connection, transaction, Sql.DeleteJob, cancellationToken, ("name", name));
            await ExecuteAsync(connection, transaction, Sql.DeleteProgress, cancellationToken, ("name", name));
            return deleted == 1;
        }, cancellationToken);

    /// <inheritdoc />
    public Task<string?> GetProgressAsync(string name, CancellationToken cancellationToken) =>
        RunAsync($"read the progress of job {name}", async connection =>
            DecodeProgress(await ScalarAsync(connection, null, Sql.SelectProgress, cancellationToken, ("name", name)) as string),
            cancellationToken);

    /// <inheritdoc />
    public Task<bool> SaveProgressAsync(string name, string progressJson, string owner, long ownerEpoch, CancellationToken cancellationToken) =>
        FencedWriteAsync($"save the progress of job {name}", name, owner, ownerEpoch, (connection, transaction) =>
            ExecuteAsync(connection, transaction, Sql.UpsertProgress, cancellationToken, ("name", name), ("progress", progressJson)),
            cancellationToken);

    /// <inheritdoc />
    public Task<long?> TransferJobAsync(string name, string newOwner, long expectedEpoch, CancellationToken cancellationToken) =>
        RunAsync($"transfer job {name}", async connection =>
        {
            // The epoch always changes, so the changed-row count is reliable on every provider.
            var changed = await ExecuteAsync(connection, null, Sql.TransferJob, cancellationToken,
                ("owner", newOwner), ("name", name), ("epoch", expectedEpoch));
            return changed == 1 ? expectedEpoch + 1 : (long?)null;
        }, cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<JobOwnership>> ListOwnershipsAsync(CancellationToken cancellationToken) =>
        RunAsync("list jobs", async connection =>
        {
            await using var command = Command(connection, null, Sql.SelectOwnerships);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            var jobs = new List<JobOwnership>();
            while (await reader.ReadAsync(cancellationToken))
                jobs.Add(new JobOwnership(reader.GetString(0), reader.IsDBNull(1) ? "" : reader.GetString(1), reader.GetInt64(2)));
            return (IReadOnlyList<JobOwnership>)jobs;
        }, cancellationToken);

    /// <inheritdoc />
    public Task<bool> IsOwnerAsync(string name, string owner, long ownerEpoch, CancellationToken cancellationToken) =>
        RunAsync($"check the owner of job {name}", async connection =>
            await ScalarAsync(connection, null, Sql.SelectIsOwner, cancellationToken, ("name", name), ("owner", owner), ("epoch", ownerEpoch)) is not null,
            cancellationToken);

    /// <inheritdoc />
    public Task<bool> TryHoldLeadershipAsync(string instance, DateTimeOffset now, DateTimeOffset leaseExpiry, CancellationToken cancellationToken) =>
        RunAsync("hold the leader lease", async connection =>
            await ExecuteAsync(connection, null, Sql.HoldLeadership, cancellationToken,
                ("holder", instance), ("expiry", UnixNanoseconds.From(leaseExpiry)), ("now", UnixNanoseconds.From(now))) == 1,
            cancellationToken);

    /// <inheritdoc />
    public Task ReleaseLeadershipAsync(string instance, CancellationToken cancellationToken) =>
        RunAsync("release the leader lease", connection =>
            ExecuteAsync(connection, null, Sql.ReleaseLeadership, cancellationToken, ("holder", instance)), cancellationToken);

    /// <inheritdoc />
    public Task HeartbeatAsync(SyncerRecord syncer, CancellationToken cancellationToken) =>
        RunAsync($"heartbeat of {syncer.Instance}", connection =>
            ExecuteAsync(connection, null, Sql.UpsertSyncer, cancellationToken,
                ("host", syncer.Instance), ("timestamp", UnixNanoseconds.From(syncer.Heartbeat)), ("lease", UnixNanoseconds.From(syncer.LeaseExpiry))),
            cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<SyncerRecord>> ListSyncersAsync(CancellationToken cancellationToken) =>
        RunAsync("list syncers", async connection =>
        {
            await using var command = Command(connection, null, Sql.SelectSyncers);
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
            await ExecuteAsync(connection, null, Sql.DeleteSyncer, cancellationToken, ("host", instance)) == 1,
            cancellationToken);

    /// <inheritdoc />
    public abstract ValueTask DisposeAsync();

    /// <summary>Runs <paramref name="action"/> on a fresh (pooled) connection, turning provider errors into <see cref="StoreException"/>.</summary>
    protected async Task<T> RunAsync<T>(string operation, Func<DbConnection, Task<T>> action, CancellationToken cancellationToken)
    {
        try
        {
            await using var connection = await OpenConnectionAsync(cancellationToken);
            return await action(connection);
        }
        catch (DbException e)
        {
            if (e.IsTransient) await OnTransientFailureAsync();
            throw new StoreException($"{Description}: cannot {operation}: {e.Message}", e, e.IsTransient);
        }
    }

    /// <summary>Runs <paramref name="action"/> in a transaction, committed when it returns and rolled back when it throws.</summary>
    protected Task<T> InTransactionAsync<T>(string operation, Func<DbConnection, DbTransaction, Task<T>> action, CancellationToken cancellationToken) =>
        RunAsync(operation, async connection =>
        {
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            // Disposing an uncommitted transaction rolls it back (or the broken connection leaves the pool).
            var result = await action(connection, transaction);
            await transaction.CommitAsync(cancellationToken);
            return result;
        }, cancellationToken);

    /// <summary>Runs <paramref name="write"/> only while <paramref name="owner"/> owns the job at <paramref name="epoch"/>; false otherwise.</summary>
    private Task<bool> FencedWriteAsync(string operation, string name, string owner, long epoch,
        Func<DbConnection, DbTransaction, Task<int>> write, CancellationToken cancellationToken) =>
        InTransactionAsync(operation, async (connection, transaction) =>
        {
            if (await ScalarAsync(connection, transaction, Sql.SelectOwnedJob, cancellationToken,
                    ("name", name), ("owner", owner), ("epoch", epoch)) is null) return false;
            await write(connection, transaction);
            return true;
        }, cancellationToken);

    private async Task ApplyAsync(DbConnection connection, SchemaMigration migration, CancellationToken cancellationToken)
    {
        await using var transaction = MigrationsAreTransactional ? await connection.BeginTransactionAsync(cancellationToken) : null;
        foreach (var statement in migration.Statements)
        {
            try
            {
                await ExecuteAsync(connection, transaction, statement, cancellationToken);
            }
            catch (DbException e) when (IsAlreadyApplied(e))
            {
                // Applied by an earlier, interrupted run (only where DDL is not transactional).
            }
        }
        await ExecuteAsync(connection, transaction, Sql.InsertSchemaMigration, cancellationToken,
            ("version", migration.Version), ("description", migration.Description), ("appliedAt", Time.GetUtcNow().ToUnixTimeSeconds()));
        if (transaction is not null) await transaction.CommitAsync(cancellationToken);
    }

    private async Task<int> ReadVersionAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        if (await ScalarAsync(connection, null, Sql.SchemaMigrationsExists, cancellationToken) is null) return 0;
        var version = await ScalarAsync(connection, null, Sql.SelectSchemaVersion, cancellationToken);
        return version is null ? 0 : (int)Convert.ToInt64(version, CultureInfo.InvariantCulture);
    }

    private async Task EncryptPlaintextPasswordsAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        var rewrites = new List<(string Name, string Old, string New)>();
        await using (var command = Command(connection, null, Sql.SelectJobInfos))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                var json = reader.IsDBNull(1) ? null : reader.GetString(1);
                if (_codec.EncryptLegacyRow(reader.GetString(0), json) is { } encrypted) rewrites.Add((reader.GetString(0), json!, encrypted));
            }
        }
        foreach (var (name, old, encrypted) in rewrites)
            await ExecuteAsync(connection, null, Sql.ReplaceJobInfo, cancellationToken, ("info", encrypted), ("name", name), ("old", old));
    }

    private StoredJob ReadJob(DbDataReader reader)
    {
        var name = reader.GetString(0);
        var info = _codec.Decode(name, reader.IsDBNull(1) ? "null" : reader.GetString(1));
        // The row's name is authoritative (a Go row's job_info name always matches, but a hand-edited one might not).
        return new StoredJob(info with { Name = name }, reader.IsDBNull(2) ? "" : reader.GetString(2), reader.GetInt64(3));
    }

    /// <summary>A command with its parameters bound by the provider (never pasted into the SQL text).</summary>
    protected static DbCommand Command(DbConnection connection, DbTransaction? transaction, string sql, params (string Name, object? Value)[] parameters)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = transaction;
        foreach (var (name, value) in parameters)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = "@" + name;
            parameter.Value = value ?? DBNull.Value;
            command.Parameters.Add(parameter);
        }
        return command;
    }

    /// <summary>Executes a statement; the number of rows it matched.</summary>
    protected static async Task<int> ExecuteAsync(DbConnection connection, DbTransaction? transaction, string sql,
        CancellationToken cancellationToken, params (string Name, object? Value)[] parameters)
    {
        await using var command = Command(connection, transaction, sql, parameters);
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>The first column of the first row, or null when there is no row or it is NULL.</summary>
    protected static async Task<object?> ScalarAsync(DbConnection connection, DbTransaction? transaction, string sql,
        CancellationToken cancellationToken, params (string Name, object? Value)[] parameters)
    {
        await using var command = Command(connection, transaction, sql, parameters);
        var value = await command.ExecuteScalarAsync(cancellationToken);
        return value is DBNull ? null : value;
    }
}
