using System.Text;
using MiniDoris.Fe.Catalog;
using MiniDoris.Fe.Ddl;

namespace MiniDoris.Fe.Load;

/// <summary>
/// Sends each row to its partition (by the partition columns) and its bucket (CRC-32 of the distribution
/// columns for HASH, round-robin for RANDOM).
/// </summary>
internal sealed class RowRouter
{
    private readonly OlapTable _table;
    private readonly IReadOnlyList<Partition> _partitions;
    private readonly List<int> _partitionColumns;
    private readonly List<ColumnType> _partitionTypes;
    private long _roundRobin;

    public RowRouter(OlapTable table, IReadOnlyList<Partition> partitions, long salt)
    {
        _table = table;
        _partitions = partitions;
        _partitionColumns = table.PartitionColumns.Select(n => table.Columns.FindIndex(c => c.Name.Equals(n, StringComparison.OrdinalIgnoreCase))).ToList();
        _partitionTypes = table.PartitionColumnTypes();
        _roundRobin = salt;
    }

    /// <summary>Finds the partition and bucket of a row; false when no candidate partition holds it.</summary>
    public bool TryRoute(object?[] row, out Partition partition, out int bucket)
    {
        partition = null!;
        bucket = 0;
        if (_table.PartitionType == PartitionType.UNPARTITIONED)
        {
            if (_partitions.Count == 0)
            {
                return false;
            }

            partition = _partitions[0];
        }
        else
        {
            var key = PartitionBuilder.KeyOfRow(_table, row, _partitionColumns);
            var found = _partitions.FirstOrDefault(p => p.Item switch
            {
                RangePartitionItem r => key.Values.All(v => v.Kind == PartitionValueKind.Value) && r.Contains(key, _partitionTypes),
                ListPartitionItem l => l.Contains(key),
                _ => false,
            });
            if (found is null)
            {
                return false;
            }

            partition = found;
        }

        bucket = BucketOf(row, partition.Distribution);
        return true;
    }

    private int BucketOf(object?[] row, DistributionInfo distribution)
    {
        var buckets = distribution.BucketNum;
        if (distribution.Type == DistributionType.RANDOM)
        {
            return (int)(_roundRobin++ % buckets);
        }

        uint crc = 0;
        foreach (var name in distribution.Columns)
        {
            var index = _table.Columns.FindIndex(c => c.Name.Equals(name, StringComparison.OrdinalIgnoreCase));
            var value = row[index];
            crc = Crc32.Update(crc, value is null ? [0] : Encoding.UTF8.GetBytes(ValueText.ToInvariant(value)));
        }

        return (int)(crc % (uint)buckets);
    }
}
