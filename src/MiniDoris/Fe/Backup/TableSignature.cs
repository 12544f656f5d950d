using System.Text;
using MiniDoris.Fe.Catalog;

namespace MiniDoris.Fe.Backup;

/// <summary>
/// OlapTable.getSignature as a restore compares it: keys model, columns (name, type, key, aggregation, nullability),
/// partitioning and distribution, and the items of the partitions both sides have. Equal signatures mean a restore
/// may fill the existing table; different ones cancel the job with "already exist but with different schema".
/// </summary>
public static class TableSignature
{
    public static string Of(OlapTable table, IEnumerable<string> partitionNames)
    {
        var sb = new StringBuilder();
        sb.Append(table.KeysType).Append('|');
        foreach (var c in table.Columns)
        {
            sb.Append(c.Name.ToLowerInvariant()).Append(':').Append(c.Type.ToSql()).Append(':').Append(c.IsKey)
                .Append(':').Append(c.Aggregation).Append(':').Append(c.IsAllowNull).Append(',');
        }

        sb.Append('|').Append(table.PartitionType).Append(':').Append(string.Join(",", table.PartitionColumns.Select(n => n.ToLowerInvariant())));
        sb.Append('|').Append(table.DefaultDistribution.Type).Append(':')
            .Append(string.Join(",", table.DefaultDistribution.Columns.Select(n => n.ToLowerInvariant())));
        foreach (var name in partitionNames.Order(StringComparer.Ordinal))
        {
            var p = table.FindPartition(name, false);
            if (p is not null)
            {
                sb.Append('|').Append(name).Append('=').Append(p.RangeString).Append('/').Append(p.Distribution.BucketNum);
            }
        }

        return sb.ToString();
    }
}
