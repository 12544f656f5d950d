namespace MiniDoris.Faults;

/// <summary>The fault switches, set with <c>ADMIN SET FRONTEND CONFIG ("minidoris.fault.&lt;name&gt;" = "...")</c>.</summary>
public static class FaultNames
{
    public const string Prefix = "minidoris.fault.";

    /// <summary><c>rpc.&lt;method&gt;</c>: an FE or BE Thrift method by its Doris name (beginTxn, ingest_binlog, ...).</summary>
    public const string RpcPrefix = Prefix + "rpc.";

    /// <summary><c>http.&lt;method&gt;</c>: a BE download (get_binlog_info, get_rowset_meta, get_segment_file, tablet_download, or *).</summary>
    public const string HttpPrefix = Prefix + "http.";

    /// <summary><c>sql.&lt;keyword&gt;</c>: MySQL-protocol statements starting with that keyword (alter, create, drop, ...), lower case.</summary>
    public const string SqlPrefix = Prefix + "sql.";

    /// <summary>Every FE RPC answers NOT_MASTER.</summary>
    public const string NotMaster = Prefix + "not_master";

    /// <summary>commitTxn answers PUBLISH_TIMEOUT; the txn turns VISIBLE after the rule's delay.</summary>
    public const string PublishTimeout = Prefix + "publish_timeout";

    /// <summary>Backup jobs: hold[:STATE], fail[:message], delay:ms per state.</summary>
    public const string BackupJob = Prefix + "job.backup";

    /// <summary>Restore jobs: hold[:STATE], fail[:message], delay:ms per state.</summary>
    public const string RestoreJob = Prefix + "job.restore";

    /// <summary>One-shot: the named local snapshot expires now.</summary>
    public const string ExpireSnapshot = Prefix + "expire_snapshot";

    /// <summary>One-shot: a binlog GC round now (<c>now</c>), or one that recycles everything (<c>all</c>).</summary>
    public const string GcBinlogs = Prefix + "gc_binlogs";

    /// <summary>One-shot: disarm every fault.</summary>
    public const string Clear = Prefix + "clear";

    /// <summary>One-shot: the master moves to FE n (or the next FE with "next"), as after a master failure.</summary>
    public const string MoveMaster = Prefix + "move_master";

    public static string Rpc(string method) => RpcPrefix + method;

    public static string Http(string method) => HttpPrefix + method;

    public static string Sql(string keyword) => SqlPrefix + keyword;
}
