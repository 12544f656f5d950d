namespace Syncer.Store;

/// <summary>The SQLite dialect of <see cref="JobStoreSql"/>.</summary>
public sealed class SqliteJobStoreSql : JobStoreSql
{
    /// <summary>The one instance (it has no state).</summary>
    public static SqliteJobStoreSql Instance { get; } = new();

    /// <inheritdoc />
    public override IReadOnlyList<SchemaMigration> Migrations { get; } =
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
        new(3, "leader lease",
        [
            "CREATE TABLE IF NOT EXISTS leader_lease (id INTEGER PRIMARY KEY, holder TEXT NOT NULL, lease_expiry INTEGER NOT NULL, term INTEGER NOT NULL)",
            "INSERT OR IGNORE INTO leader_lease (id, holder, lease_expiry, term) VALUES (1, '', 0, 0)",
        ]),
    ];

    /// <inheritdoc />
    public override string CreateSchemaMigrations =>
        "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, description TEXT NOT NULL, applied_at INTEGER NOT NULL)";

    /// <inheritdoc />
    public override string SchemaMigrationsExists => "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'";

    /// <summary>
    /// None: SQLite has no row locks. Its write transactions start with BEGIN IMMEDIATE (Microsoft.Data.Sqlite's
    /// default), which takes the database's single write lock before the fence is read.
    /// </summary>
    public override string LockClause => "";

    /// <inheritdoc />
    public override string UpsertProgress =>
        "INSERT INTO progresses (job_name, progress) VALUES (@name, @progress) ON CONFLICT (job_name) DO UPDATE SET progress = excluded.progress";

    /// <inheritdoc />
    public override string UpsertSyncer =>
        "INSERT INTO syncers (host_info, timestamp, lease_expiry) VALUES (@host, @timestamp, @lease) "
        + "ON CONFLICT (host_info) DO UPDATE SET timestamp = excluded.timestamp, lease_expiry = excluded.lease_expiry";
}
