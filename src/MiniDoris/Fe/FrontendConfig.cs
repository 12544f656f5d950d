namespace MiniDoris.Fe;

/// <summary>
/// The FE configs minidoris knows, with Doris's names and types. Values live in the cluster image so
/// ADMIN SET FRONTEND CONFIG survives a restart. enable_feature_binlog defaults to true here (Doris: false),
/// because minidoris exists to serve CCR.
/// </summary>
public sealed class FrontendConfig
{
    public const string EnableFeatureBinlog = "enable_feature_binlog";
    public const string BinlogGcIntervalSecond = "binlog_gc_interval_second";
    public const string EnableRecycleBinlogImmediately = "enable_recycle_binlog_immediately";

    public static readonly IReadOnlyList<FrontendConfigEntry> Known =
    [
        new(EnableFeatureBinlog, "true", "boolean", true, false, "Whether to enable binlog feature"),
        new(BinlogGcIntervalSecond, "15", "long", true, true, "Binlog GC interval in seconds"),
        new(EnableRecycleBinlogImmediately, "false", "boolean", true, true, "Recycle binlogs immediately (testing)"),
        new("enable_restore_snapshot_rpc_compression", "true", "boolean", true, false, "Whether to accept compressed restore snapshot requests"),
        new("max_backup_restore_job_num_per_db", "10", "int", true, false, "Max backup/restore jobs kept per db"),
        new("backup_job_default_timeout_ms", "86400000", "int", true, true, "Default backup job timeout"),
        new("ignore_backup_tmp_partitions", "false", "boolean", true, true, "Ignore temp partitions in backups"),
        new("restore_reset_index_id", "false", "boolean", true, false, "Reset index ids on restore"),
        new("stream_load_default_timeout_second", "259200", "int", true, true, "Default load timeout"),
        new("label_keep_max_second", "259200", "int", true, true, "How long finished load labels are kept"),
        new("streaming_label_keep_max_second", "43200", "int", true, true, "How long finished streaming/insert load labels are kept"),
        new("enable_insert_strict", "true", "boolean", true, false, "Strict mode of INSERT"),
        new("dynamic_partition_enable", "true", "boolean", true, true, "Dynamic partitioning switch"),
        new("thrift_server_type", "THREAD_POOL", "String", false, false, "FE thrift server type"),
    ];

    private readonly Dictionary<string, string> _values;

    public FrontendConfig(Dictionary<string, string> values)
    {
        _values = values;
    }

    public string Get(string key) =>
        _values.TryGetValue(key, out var v) ? v : Known.First(k => k.Key == key).DefaultValue;

    public bool GetBool(string key) => bool.TryParse(Get(key), out var b) && b;

    public long GetLong(string key) => long.TryParse(Get(key), out var l) ? l : 0;

    /// <summary>ADMIN SET FRONTEND CONFIG; unknown keys fail like Doris's "Config 'x' does not exist".</summary>
    public void Set(string key, string value)
    {
        var entry = Known.FirstOrDefault(k => k.Key == key) ?? throw DorisErrors.Generic($"Config '{key}' does not exist");
        if (!entry.IsMutable)
        {
            throw DorisErrors.Generic($"Config '{key}' is not mutable");
        }

        if (entry.Type == "boolean" && !bool.TryParse(value, out _))
        {
            throw DorisErrors.Generic($"Invalid value: {value} for config: {key}");
        }

        if (entry.Type is "int" or "long" && !long.TryParse(value, out _))
        {
            throw DorisErrors.Generic($"Invalid value: {value} for config: {key}");
        }

        _values[key] = entry.Type == "boolean" ? value.ToLowerInvariant() : value;
    }
}
