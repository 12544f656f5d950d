namespace Syncer.Store;

/// <summary>
/// Every statement of the job store, written once with <c>@name</c> parameters (both ADO.NET providers bind
/// them as real parameters). A dialect overrides only the statements where SQLite and MySQL truly differ:
/// DDL types, upserts and row locks. Modelled on Quartz.NET's StdAdoConstants with its per-database delegates.
/// </summary>
public abstract class JobStoreSql
{
    /// <summary>The schema steps, oldest first; the table and column names are the Go syncer's.</summary>
    public abstract IReadOnlyList<SchemaMigration> Migrations { get; }

    /// <summary>Creates the migration bookkeeping table.</summary>
    public abstract string CreateSchemaMigrations { get; }

    /// <summary>Non-empty when <c>schema_migrations</c> exists.</summary>
    public abstract string SchemaMigrationsExists { get; }

    /// <summary>The highest applied version (NULL when none).</summary>
    public virtual string SelectSchemaVersion => "SELECT MAX(version) FROM schema_migrations";

    /// <summary>Records an applied migration.</summary>
    public virtual string InsertSchemaMigration =>
        "INSERT INTO schema_migrations (version, description, applied_at) VALUES (@version, @description, @appliedAt)";

    /// <summary>Round trip.</summary>
    public virtual string Ping => "SELECT 1";

    /// <summary>A new job at epoch 1.</summary>
    public virtual string InsertJob =>
        "INSERT INTO jobs (job_name, job_info, belong_to, owner_epoch) VALUES (@name, @info, @owner, 1)";

    /// <summary>One job.</summary>
    public virtual string SelectJob => "SELECT job_name, job_info, belong_to, owner_epoch FROM jobs WHERE job_name = @name";

    /// <summary>Every job by name.</summary>
    public virtual string SelectJobs => "SELECT job_name, job_info, belong_to, owner_epoch FROM jobs ORDER BY job_name";

    /// <summary>Every job's name, owner and epoch, without decoding job_info (what the leader assigns by).</summary>
    public virtual string SelectOwnerships => "SELECT job_name, belong_to, owner_epoch FROM jobs ORDER BY job_name";

    /// <summary>
    /// The fence: one row when <c>@owner</c> still owns the job at <c>@epoch</c>. Inside a write transaction it also
    /// holds the job row until commit where the dialect can (see <see cref="LockClause"/>).
    /// </summary>
    public string SelectOwnedJob => "SELECT owner_epoch FROM jobs WHERE job_name = @name AND belong_to = @owner AND owner_epoch = @epoch" + LockClause;

    /// <summary>Appended to <see cref="SelectOwnedJob"/>: a row lock where the database has them.</summary>
    public abstract string LockClause { get; }

    /// <summary>The same fence without a lock, outside a transaction (the check before a target commit).</summary>
    public virtual string SelectIsOwner => "SELECT owner_epoch FROM jobs WHERE job_name = @name AND belong_to = @owner AND owner_epoch = @epoch";

    /// <summary>
    /// Compare-and-set on the leader lease row: taken when held by the caller already or expired. The term counts changes
    /// of leader; it is assigned first because MySQL evaluates SET clauses left to right (SQLite reads old values throughout).
    /// </summary>
    public virtual string HoldLeadership =>
        "UPDATE leader_lease SET term = CASE WHEN holder = @holder THEN term ELSE term + 1 END, holder = @holder, lease_expiry = @expiry "
        + "WHERE id = 1 AND (holder = @holder OR lease_expiry < @now)";

    /// <summary>Ends the caller's leader lease at once.</summary>
    public virtual string ReleaseLeadership => "UPDATE leader_lease SET lease_expiry = 0 WHERE id = 1 AND holder = @holder";

    /// <summary>Rewrites job_info.</summary>
    public virtual string UpdateJobInfo => "UPDATE jobs SET job_info = @info WHERE job_name = @name";

    /// <summary>Deletes a job row.</summary>
    public virtual string DeleteJob => "DELETE FROM jobs WHERE job_name = @name";

    /// <summary>Deletes a job's progress row.</summary>
    public virtual string DeleteProgress => "DELETE FROM progresses WHERE job_name = @name";

    /// <summary>A job's first progress.</summary>
    public virtual string InsertProgress => "INSERT INTO progresses (job_name, progress) VALUES (@name, @progress)";

    /// <summary>A job's progress.</summary>
    public virtual string SelectProgress => "SELECT progress FROM progresses WHERE job_name = @name";

    /// <summary>Inserts or replaces a job's progress.</summary>
    public abstract string UpsertProgress { get; }

    /// <summary>Moves a job to another owner, bumping the epoch, if the epoch is still the expected one.</summary>
    public virtual string TransferJob =>
        "UPDATE jobs SET belong_to = @owner, owner_epoch = owner_epoch + 1 WHERE job_name = @name AND owner_epoch = @epoch";

    /// <summary>Inserts or refreshes an instance's heartbeat and lease.</summary>
    public abstract string UpsertSyncer { get; }

    /// <summary>Every instance.</summary>
    public virtual string SelectSyncers => "SELECT host_info, timestamp, lease_expiry FROM syncers ORDER BY host_info";

    /// <summary>Removes an instance.</summary>
    public virtual string DeleteSyncer => "DELETE FROM syncers WHERE host_info = @host";

    /// <summary>Every job's stored job_info, for re-encrypting a Go syncer's plaintext passwords.</summary>
    public virtual string SelectJobInfos => "SELECT job_name, job_info FROM jobs";

    /// <summary>Replaces a job_info only if it is still the one read.</summary>
    public virtual string ReplaceJobInfo => "UPDATE jobs SET job_info = @info WHERE job_name = @name AND job_info = @old";
}
