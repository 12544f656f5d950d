namespace Syncer.Store;

/// <summary>The MySQL/MariaDB dialect of <see cref="JobStoreSql"/>.</summary>
public sealed class MySqlJobStoreSql : JobStoreSql
{
    /// <summary>The one instance (it has no state).</summary>
    public static MySqlJobStoreSql Instance { get; } = new();

    /// <summary>MySQL DDL is not transactional, so each step tolerates having run before (see <see cref="MySqlJobStore"/>).</summary>
    public override IReadOnlyList<SchemaMigration> Migrations { get; } =
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
        new(3, "leader lease",
        [
            "CREATE TABLE IF NOT EXISTS leader_lease (id INT NOT NULL PRIMARY KEY, holder VARCHAR(96) NOT NULL, lease_expiry BIGINT NOT NULL, term BIGINT NOT NULL) DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin",
            "INSERT IGNORE INTO leader_lease (id, holder, lease_expiry, term) VALUES (1, '', 0, 0)",
        ]),
    ];

    /// <inheritdoc />
    public override string CreateSchemaMigrations =>
        "CREATE TABLE IF NOT EXISTS schema_migrations (version INT NOT NULL PRIMARY KEY, description VARCHAR(200) NOT NULL, applied_at BIGINT NOT NULL)";

    /// <inheritdoc />
    public override string SchemaMigrationsExists =>
        "SELECT 1 FROM information_schema.tables WHERE table_schema = DATABASE() AND table_name = 'schema_migrations'";

    /// <summary>Locks the job row until commit, so a transfer waits for the fenced write (or the write sees the transfer).</summary>
    public override string LockClause => " FOR UPDATE";

    /// <inheritdoc />
    public override string UpsertProgress =>
        "INSERT INTO progresses (job_name, progress) VALUES (@name, @progress) ON DUPLICATE KEY UPDATE progress = VALUES(progress)";

    /// <inheritdoc />
    public override string UpsertSyncer =>
        "INSERT INTO syncers (host_info, timestamp, lease_expiry) VALUES (@host, @timestamp, @lease) "
        + "ON DUPLICATE KEY UPDATE timestamp = VALUES(timestamp), lease_expiry = VALUES(lease_expiry)";
}
