using System.Globalization;
using System.Text;

namespace MiniDoris.Fe.Catalog;

/// <summary>Prints SHOW CREATE TABLE / VIEW / DATABASE text in Doris's form.</summary>
public static class CreateTableFormatter
{
    public static string Format(OlapTable table, bool featureBinlogEnabled)
    {
        var sb = new StringBuilder();
        sb.Append("CREATE TABLE ").Append(Identifiers.Quote(table.Name)).Append(" (\n");
        sb.Append(string.Join(",\n", table.Columns.Select(c => "  " + c.ToSql()).Concat(table.TableIndexes.Select(i => "  " + i.ToSql()))));
        sb.Append("\n) ENGINE=OLAP\n");
        sb.Append(table.KeysType.ToSql()).Append('(').Append(string.Join(", ", table.KeyColumns().Select(c => Identifiers.Quote(c.Name)))).Append(')');
        sb.Append("\nCOMMENT '").Append(table.Comment.Length == 0 ? "OLAP" : table.Comment).Append('\'');
        if (table.PartitionType != PartitionType.UNPARTITIONED)
        {
            sb.Append('\n').Append(PartitionClause(table));
        }

        sb.Append('\n').Append(table.DefaultDistribution.ToSql());
        sb.Append("\nPROPERTIES (\n");
        sb.Append(string.Join(",\n", Properties(table, featureBinlogEnabled).Select(p => $"\"{p.Key}\" = \"{p.Value}\"")));
        sb.Append("\n);");
        return sb.ToString();
    }

    /// <summary>The PARTITION BY clause with every (non-temporary) partition, ordered by range.</summary>
    public static string PartitionClause(OlapTable table)
    {
        var sb = new StringBuilder();
        sb.Append("PARTITION BY ").Append(table.PartitionType == PartitionType.RANGE ? "RANGE" : "LIST");
        sb.Append('(').Append(string.Join(", ", table.PartitionColumns.Select(Identifiers.Quote))).Append(")\n(");
        var parts = SortedPartitions(table, table.Partitions).Select(p => $"PARTITION {p.Name} {CreateValues(p)}");
        sb.Append(string.Join(",\n", parts)).Append(')');
        return sb.ToString();
    }

    /// <summary>Partitions in ascending range (or list) order, as Doris lists them.</summary>
    public static IEnumerable<Partition> SortedPartitions(OlapTable table, IEnumerable<Partition> partitions)
    {
        if (table.PartitionType != PartitionType.RANGE)
        {
            return partitions.OrderBy(p => p.Id);
        }

        var types = table.PartitionColumnTypes();
        var list = partitions.ToList();
        list.Sort((a, b) => ((RangePartitionItem)a.Item!).Lower.CompareTo(((RangePartitionItem)b.Item!).Lower, types));
        return list;
    }

    public static string Format(View view) =>
        "CREATE VIEW " + Identifiers.Quote(view.Name)
        + (view.Comment.Length > 0 ? $" COMMENT '{view.Comment}'" : string.Empty)
        + " AS " + view.Definition + ";";

    public static string Format(Database db, bool featureBinlogEnabled)
    {
        var sb = new StringBuilder("CREATE DATABASE ").Append(Identifiers.Quote(db.Name));
        var props = new List<KeyValuePair<string, string>>();
        if (db.HasBinlogProperties && featureBinlogEnabled)
        {
            props.AddRange(db.BinlogConfig.ToProperties());
        }

        props.AddRange(db.ExtraProperties);
        if (props.Count > 0)
        {
            sb.Append("\nPROPERTIES (\n");
            sb.Append(string.Join(",\n", props.Select(p => $"\"{p.Key}\" = \"{p.Value}\"")));
            sb.Append("\n)");
        }

        return sb.ToString();
    }

    private static string CreateValues(Partition p)
    {
        if (p.Item is ListPartitionItem list)
        {
            var keys = list.Keys.Select(k => k.Values.Count == 1
                ? "\"" + PartitionKey.DisplayText(k.Values[0], k.Types[0]) + "\""
                : "(" + string.Join(", ", k.Values.Select((v, i) => "\"" + PartitionKey.DisplayText(v, k.Types[i]) + "\"")) + ")");
            return "VALUES IN (" + string.Join(",", keys) + ")";
        }

        return p.Item!.ToCreateSql();
    }

    private static List<KeyValuePair<string, string>> Properties(OlapTable table, bool featureBinlogEnabled)
    {
        var props = new List<KeyValuePair<string, string>>
        {
            new("replication_allocation", "tag.location.default: " + table.ReplicationNum.ToString(CultureInfo.InvariantCulture)),
            new("min_load_replica_num", "-1"),
            new("is_being_synced", table.IsBeingSynced ? "true" : "false"),
            new("storage_medium", "hdd"),
            new("storage_format", "V2"),
            new("inverted_index_storage_format", "V1"),
        };
        if (table.KeysType == KeysType.UNIQUE_KEYS)
        {
            props.Add(new("enable_unique_key_merge_on_write", table.EnableUniqueKeyMergeOnWrite ? "true" : "false"));
        }

        props.Add(new("light_schema_change", table.LightSchemaChange ? "true" : "false"));
        if (table.InAtomicRestore)
        {
            props.Add(new("in_atomic_restore", "true"));
        }

        props.Add(new("disable_auto_compaction", "false"));
        props.Add(new("enable_single_replica_compaction", "false"));
        props.Add(new("group_commit_interval_ms", "10000"));
        props.Add(new("group_commit_data_bytes", "134217728"));
        if (featureBinlogEnabled)
        {
            props.AddRange(table.BinlogConfig.ToProperties());
        }

        props.AddRange(table.ExtraProperties);
        return props;
    }
}
