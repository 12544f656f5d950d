using System.Net;
using Serilog.Events;

namespace Syncer.Configuration;

/// <summary>
/// The flag table: every flag of the Go syncer (same names, defaults and syntax) plus this service's own.
/// Validation that needs the whole option set lives in <see cref="FlagParser"/>.
/// </summary>
public static class SyncerFlags
{
    /// <summary>All flags, sorted by name as Go's <c>flag.VisitAll</c> visits them.</summary>
    public static IReadOnlyList<FlagDefinition> All { get; } = Build();

    /// <summary>Looks a flag up by name.</summary>
    public static FlagDefinition? Find(string name) => All.FirstOrDefault(f => f.Name == name);

    private static FlagDefinition[] Build()
    {
        var d = new SyncerOptions();
        FlagDefinition[] flags =
        [
            new("version", FlagKind.Bool, "false", "print the version and exit", (o, v) => o.ShowVersion = (bool)v),
            new("host", FlagKind.String, d.Host, "identity host of this syncer (job owner and redirect target; not the bind address)",
                (o, v) => o.Host = NonEmpty("host", (string)v)),
            new("port", FlagKind.Integer, "9190", "HTTP port", (o, v) => o.Port = Port("port", (long)v)),
            new("bind_address", FlagKind.String, d.BindAddress, "address the HTTP server listens on",
                (o, v) => o.BindAddress = BindAddress((string)v)),
            new("api_token", FlagKind.String, "", "require 'Authorization: Bearer <token>' on every endpoint but /healthz and /metrics (env CCR_SYNCER_API_TOKEN)",
                (o, v) => o.ApiToken = (string)v),
            new("db_type", FlagKind.String, "sqlite3", "job store: sqlite3 or mysql", (o, v) => o.DbType = StoreType((string)v)),
            new("db_dir", FlagKind.String, "db/ccr.db", "sqlite3 file (default db/ccr.db under the install dir)",
                (o, v) => o.DbDir = NonEmpty("db_dir", (string)v)),
            new("db_host", FlagKind.String, d.DbHost, "mysql store host", (o, v) => o.DbHost = NonEmpty("db_host", (string)v)),
            new("db_port", FlagKind.Integer, "3306", "mysql store port", (o, v) => o.DbPort = Port("db_port", (long)v)),
            new("db_user", FlagKind.String, d.DbUser, "mysql store user", (o, v) => o.DbUser = (string)v),
            new("db_password", FlagKind.String, "", "mysql store password (env CCR_SYNCER_DB_PASSWORD)", (o, v) => o.DbPassword = (string)v),
            new("mysql_max_allowed_packet", FlagKind.Integer, "1073741824", "largest packet of the mysql store client",
                (o, v) => o.MySqlMaxAllowedPacket = Positive("mysql_max_allowed_packet", (long)v)),
            new("key_file", FlagKind.String, "", "key for passwords stored in job_info (default ccr.key beside -db_dir; created mode 0600)",
                (o, v) => o.KeyFile = (string)v),
            new("log_level", FlagKind.String, "trace", "trace, debug, info, warn, error, fatal or panic",
                (o, v) => o.LogLevel = LogLevel((string)v)),
            new("log_filename", FlagKind.String, "", "log file (empty: standard output)", (o, v) => o.LogFilename = (string)v),
            new("log_also_to_stderr", FlagKind.Bool, "false", "with -log_filename, copy log lines to standard error",
                (o, v) => o.LogAlsoToStderr = (bool)v),
            new("pprof", FlagKind.Bool, "false", "accepted for compatibility; no effect", (o, v) => o.Pprof = (bool)v),
            new("pprof_port", FlagKind.Integer, "6060", "accepted for compatibility; no effect", (o, v) => o.PprofPort = Port("pprof_port", (long)v)),
            new("connect_timeout", FlagKind.Duration, "10s", "connect timeout to FE/BE", (o, v) => o.ConnectTimeout = PositiveDuration("connect_timeout", (TimeSpan)v)),
            new("rpc_timeout", FlagKind.Duration, "30s", "per-call RPC/SQL timeout", (o, v) => o.RpcTimeout = PositiveDuration("rpc_timeout", (TimeSpan)v)),
            new("commit_txn_timeout", FlagKind.Duration, "33s", "CommitTxn RPC timeout", (o, v) => o.CommitTxnTimeout = PositiveDuration("commit_txn_timeout", (TimeSpan)v)),
            new("ha_check_interval", FlagKind.Duration, "1s", "how often an instance renews its lease and the leader assigns jobs (mysql store)",
                (o, v) => o.HaCheckInterval = PositiveDuration("ha_check_interval", (TimeSpan)v)),
            new("ha_lease", FlagKind.Duration, "3s", "how long a renewal keeps an instance's jobs; must exceed -ha_check_interval (mysql store)",
                (o, v) => o.HaLease = PositiveDuration("ha_lease", (TimeSpan)v)),
            new("local_repo_name", FlagKind.String, "", "accepted for compatibility; unused", (o, v) => o.LocalRepoName = (string)v),
            new("max_ingest_concurrency_per_backend", FlagKind.Integer, "48", "in-flight IngestBinlog RPCs per destination BE per job",
                (o, v) => o.MaxIngestConcurrencyPerBackend = (int)Math.Min(int.MaxValue, Positive("max_ingest_concurrency_per_backend", (long)v))),
            new("max_getbinlog_per_second", FlagKind.Integer, "50", "getBinlog calls per second to one source FE, all jobs together (0: no cap)",
                (o, v) => o.MaxGetBinlogPerSecond = (int)Math.Min(int.MaxValue, NotNegative("max_getbinlog_per_second", (long)v))),
            new("feature_schema_change_partial_sync", FlagKind.Bool, "true", "schema change → partial sync instead of full sync",
                (o, v) => o.Features.SchemaChangePartialSync = (bool)v),
            new("feature_clean_table_and_partitions", FlagKind.Bool, "false", "clean dest tables/partitions absent from the snapshot on full sync",
                (o, v) => o.Features.CleanTableAndPartitions = (bool)v),
            new("feature_atomic_restore", FlagKind.Bool, "true", "atomic restore on full sync (dest stays readable)",
                (o, v) => o.Features.AtomicRestore = (bool)v),
            new("feature_create_view_drop_exists", FlagKind.Bool, "true", "drop an existing view before replaying CREATE VIEW",
                (o, v) => o.Features.CreateViewDropExists = (bool)v),
            new("feature_replace_not_matched_with_alias", FlagKind.Bool, "true", "signature mismatch → restore into an alias and swap",
                (o, v) => o.Features.ReplaceNotMatchedWithAlias = (bool)v),
            new("feature_filter_shadow_indexes_upsert", FlagKind.Bool, "true", "skip upserts to shadow indexes",
                (o, v) => o.Features.FilterShadowIndexesUpsert = (bool)v),
            new("feature_cancel_conflict_backup_restore_job", FlagKind.Bool, "false", "cancel the syncer's running backups before a new one",
                (o, v) => o.Features.CancelConflictBackupRestoreJob = (bool)v),
        ];
        Array.Sort(flags, (a, b) => string.CompareOrdinal(a.Name, b.Name));
        return flags;
    }

    private static string NonEmpty(string flag, string value) =>
        value.Length > 0 ? value : throw new FlagParseException($"invalid value \"\" for flag -{flag}: must not be empty");

    private static int Port(string flag, long value) =>
        value is >= 1 and <= 65535 ? (int)value
            : throw new FlagParseException($"invalid value \"{value}\" for flag -{flag}: a port must be between 1 and 65535");

    private static long Positive(string flag, long value) =>
        value > 0 ? value : throw new FlagParseException($"invalid value \"{value}\" for flag -{flag}: must be greater than 0");

    private static long NotNegative(string flag, long value) =>
        value >= 0 ? value : throw new FlagParseException($"invalid value \"{value}\" for flag -{flag}: must not be negative");

    private static TimeSpan PositiveDuration(string flag, TimeSpan value) =>
        value > TimeSpan.Zero ? value
            : throw new FlagParseException($"invalid value \"{GoDuration.Format(value)}\" for flag -{flag}: must be greater than 0");

    private static string BindAddress(string value) =>
        IPAddress.TryParse(value, out _) || value == "localhost" ? value
            : throw new FlagParseException($"invalid value \"{value}\" for flag -bind_address: expected an IP address such as 0.0.0.0, 127.0.0.1 or ::");

    private static StoreKind StoreType(string value) => value switch
    {
        "sqlite3" => StoreKind.Sqlite,
        "mysql" => StoreKind.MySql,
        "postgresql" => throw new FlagParseException("invalid value \"postgresql\" for flag -db_type: the postgresql store is not supported by this syncer; use sqlite3 or mysql"),
        _ => throw new FlagParseException($"invalid value \"{value}\" for flag -db_type: expected sqlite3 or mysql"),
    };

    private static LogEventLevel LogLevel(string value) => value.ToLowerInvariant() switch
    {
        "trace" => LogEventLevel.Verbose,
        "debug" => LogEventLevel.Debug,
        "info" => LogEventLevel.Information,
        "warn" or "warning" => LogEventLevel.Warning,
        "error" => LogEventLevel.Error,
        "fatal" or "panic" => LogEventLevel.Fatal,
        _ => throw new FlagParseException($"invalid value \"{value}\" for flag -log_level: expected trace, debug, info, warn, error, fatal or panic"),
    };
}
