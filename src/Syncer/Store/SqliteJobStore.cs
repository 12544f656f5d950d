using System.Data.Common;
using Microsoft.Data.Sqlite;

namespace Syncer.Store;

/// <summary>
/// The default job store: one SQLite file. Table and column names are the Go syncer's (<c>jobs.job_name</c>,
/// <c>job_info</c>, <c>belong_to</c>, <c>progresses</c>, <c>syncers.host_info</c>, <c>timestamp</c> in Unix
/// nanoseconds), so the file of an existing Go installation is adopted in place; this store adds the owner
/// epoch and the lease expiry through migrations. The SQL is <see cref="SqliteJobStoreSql"/>.
/// </summary>
public sealed class SqliteJobStore : AdoJobStore
{
    private const int SqliteConstraint = 19;

    private readonly string _connectionString;

    /// <summary>Opens (creating if needed) the database file at <paramref name="path"/>.</summary>
    public SqliteJobStore(string path, PasswordCipher cipher, TimeProvider time)
        : base(SqliteJobStoreSql.Instance, cipher, time, $"sqlite3 {Path.GetFullPath(path)}")
    {
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
    }

    /// <inheritdoc />
    public override ValueTask DisposeAsync()
    {
        // Pooled connections keep the file open (and WAL files around) after the store is gone.
        SqliteConnection.ClearAllPools();
        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    protected override async Task<DbConnection> OpenConnectionAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(_connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken);
            // In WAL mode NORMAL syncs at checkpoints, not at every commit: a killed process loses nothing, an OS crash
            // at most the last checkpoints, which the engine replays safely (job-derived labels, DDL replay checks).
            await ExecuteAsync(connection, null, "PRAGMA synchronous=NORMAL", cancellationToken);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    /// <inheritdoc />
    protected override Task PrepareSchemaAsync(DbConnection connection, CancellationToken cancellationToken) =>
        ExecuteAsync(connection, null, "PRAGMA journal_mode=WAL", cancellationToken);

    /// <inheritdoc />
    protected override bool IsDuplicateKey(DbException error) => error is SqliteException { SqliteErrorCode: SqliteConstraint };
}
