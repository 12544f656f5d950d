using Serilog.Events;

namespace Syncer.Configuration;

/// <summary>
/// Everything the command line configures. Defaults are the Go syncer's, except where this service adds a
/// setting of its own (<see cref="BindAddress"/>, <see cref="ApiToken"/>, <see cref="KeyFile"/>).
/// </summary>
public sealed class SyncerOptions
{
    /// <summary>Print the version and exit.</summary>
    public bool ShowVersion { get; set; }

    /// <summary>Identity host: with <see cref="Port"/> it names this instance as owner of jobs and is the redirect target.</summary>
    public string Host { get; set; } = "127.0.0.1";

    /// <summary>HTTP port.</summary>
    public int Port { get; set; } = 9190;

    /// <summary>The address Kestrel listens on; all interfaces by default, like the Go syncer.</summary>
    public string BindAddress { get; set; } = "0.0.0.0";

    /// <summary>When non-empty, every endpoint except /healthz and /metrics requires <c>Authorization: Bearer &lt;token&gt;</c>.</summary>
    public string ApiToken { get; set; } = "";

    /// <summary>The job store.</summary>
    public StoreKind DbType { get; set; } = StoreKind.Sqlite;

    /// <summary>SQLite file. Relative paths are taken from the working directory, as Go does.</summary>
    public string DbDir { get; set; } = DefaultDbPath();

    /// <summary>MySQL store host.</summary>
    public string DbHost { get; set; } = "127.0.0.1";

    /// <summary>MySQL store port.</summary>
    public int DbPort { get; set; } = 3306;

    /// <summary>MySQL store user.</summary>
    public string DbUser { get; set; } = "root";

    /// <summary>MySQL store password.</summary>
    public string DbPassword { get; set; } = "";

    /// <summary>Largest packet the MySQL store client accepts.</summary>
    public long MySqlMaxAllowedPacket { get; set; } = 1L << 30;

    /// <summary>Key file for encrypting passwords inside job_info; empty means <c>ccr.key</c> in the folder of <see cref="DbDir"/>.</summary>
    public string KeyFile { get; set; } = "";

    /// <summary>Minimum log level.</summary>
    public LogEventLevel LogLevel { get; set; } = LogEventLevel.Verbose;

    /// <summary>Log file; empty means the console (standard output).</summary>
    public string LogFilename { get; set; } = "";

    /// <summary>With a log file, copy log lines to standard error as well.</summary>
    public bool LogAlsoToStderr { get; set; }

    /// <summary>Accepted for compatibility with the Go syncer's scripts; Go's pprof has no .NET equivalent.</summary>
    public bool Pprof { get; set; }

    /// <summary>Accepted for compatibility; unused.</summary>
    public int PprofPort { get; set; } = 6060;

    /// <summary>Connect timeout for FE/BE connections (SQL, Thrift, HTTP).</summary>
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Per-call timeout for RPCs and SQL statements.</summary>
    public TimeSpan RpcTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Timeout of the CommitTxn RPC.</summary>
    public TimeSpan CommitTxnTimeout { get; set; } = TimeSpan.FromSeconds(33);

    /// <summary>Defined by the Go syncer and unused there too.</summary>
    public string LocalRepoName { get; set; } = "";

    /// <summary>In-flight IngestBinlog RPCs per destination BE per job.</summary>
    public int MaxIngestConcurrencyPerBackend { get; set; } = 48;

    /// <summary>getBinlog calls per second to one source FE, all jobs together; 0: no cap.</summary>
    public int MaxGetBinlogPerSecond { get; set; } = Engine.Fetch.FrontendCallBudget.DefaultPerSecond;

    /// <summary>How often this instance renews its lease and, as leader, assigns jobs (<c>-ha_check_interval</c>).</summary>
    public TimeSpan HaCheckInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How long a renewal vouches for this instance (<c>-ha_lease</c>): past it, its jobs go to other instances.</summary>
    public TimeSpan HaLease { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>The feature switches.</summary>
    public FeatureFlags Features { get; } = new();

    /// <summary>This instance's identity, <c>host:port</c>, as stored in <c>jobs.belong_to</c>.</summary>
    public string Identity => $"{Host}:{Port}";

    /// <summary>The install directory: the parent of the folder holding the executable (bin/).</summary>
    public static string InstallDirectory()
    {
        var exeDir = AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar);
        return Path.GetDirectoryName(exeDir) ?? exeDir;
    }

    /// <summary>The resolved key file path.</summary>
    public string ResolvedKeyFile() =>
        KeyFile.Length > 0 ? KeyFile : Path.Combine(Path.GetDirectoryName(Path.GetFullPath(DbDir)) ?? ".", "ccr.key");

    private static string DefaultDbPath() => Path.Combine(InstallDirectory(), "db", "ccr.db");
}
