using System.Globalization;
using MiniDoris.Fe.Catalog;

namespace MiniDoris.Fe.Ddl;

/// <summary>Interprets the table PROPERTIES minidoris understands and keeps the rest verbatim.</summary>
internal static class TableProperties
{
    /// <summary>Properties Doris prints itself in SHOW CREATE TABLE; given explicitly they are accepted and not repeated.</summary>
    private static readonly HashSet<string> PrintedDefaults = new(StringComparer.OrdinalIgnoreCase)
    {
        "storage_format", "storage_medium", "min_load_replica_num", "inverted_index_storage_format", "disable_auto_compaction",
        "enable_single_replica_compaction", "group_commit_interval_ms", "group_commit_data_bytes", "version_info", "in_memory",
    };

    public static short ParseReplicationNum(IEnumerable<KeyValuePair<string, string>> properties, short fallback)
    {
        foreach (var (key, value) in properties)
        {
            if (key.Equals("replication_num", StringComparison.OrdinalIgnoreCase))
            {
                return short.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n)
                    ? n
                    : throw DorisErrors.Generic($"Invalid replication_num: {value}");
            }

            if (key.Equals("replication_allocation", StringComparison.OrdinalIgnoreCase))
            {
                var colon = value.LastIndexOf(':');
                return colon >= 0 && short.TryParse(value[(colon + 1)..].Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var n)
                    ? n
                    : throw DorisErrors.Generic($"Invalid replication allocation: {value}");
            }
        }

        return fallback;
    }

    /// <summary>Applies everything but replication and binlog.* to the table (CREATE TABLE or ALTER ... SET).</summary>
    public static void ApplyGeneral(OlapTable table, IEnumerable<KeyValuePair<string, string>> properties)
    {
        foreach (var (key, value) in properties)
        {
            var k = key.ToLowerInvariant();
            if (BinlogConfig.IsBinlogKey(k) || k is "replication_num" or "replication_allocation" || PrintedDefaults.Contains(k))
            {
                continue;
            }

            switch (k)
            {
                case "is_being_synced":
                    table.IsBeingSynced = ParseBool(key, value);
                    break;
                case "light_schema_change":
                    table.LightSchemaChange = ParseBool(key, value);
                    break;
                case "enable_unique_key_merge_on_write":
                    table.EnableUniqueKeyMergeOnWrite = ParseBool(key, value);
                    break;
                default:
                    var existing = table.ExtraProperties.FindIndex(p => p.Key.Equals(key, StringComparison.OrdinalIgnoreCase));
                    if (existing >= 0)
                    {
                        table.ExtraProperties[existing] = new(key, value);
                    }
                    else
                    {
                        table.ExtraProperties.Add(new(key, value));
                    }

                    break;
            }
        }
    }

    public static bool HasBinlogKeys(IEnumerable<KeyValuePair<string, string>> properties) =>
        properties.Any(p => BinlogConfig.IsBinlogKey(p.Key));

    private static bool ParseBool(string key, string value) =>
        bool.TryParse(value, out var b) ? b : throw DorisErrors.Generic($"Invalid {key} value: {value}");
}
