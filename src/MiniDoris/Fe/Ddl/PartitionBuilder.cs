using MiniDoris.Fe.Catalog;
using MiniDoris.Fe.Sql.Ast;

namespace MiniDoris.Fe.Ddl;

/// <summary>Turns written partition bounds into partition items, with Doris's rules for LESS THAN, fixed ranges and lists.</summary>
internal static class PartitionBuilder
{
    /// <summary>Builds the item of a new partition given the partitions it must not overlap.</summary>
    public static PartitionItem BuildItem(OlapTable table, SinglePartitionDesc desc, IReadOnlyList<Partition> siblings)
    {
        var columns = table.PartitionColumns.Select(n => table.FindColumn(n)!).ToList();
        var types = columns.Select(c => c.Type).ToList();
        if (table.PartitionType == PartitionType.RANGE)
        {
            RangePartitionItem item;
            var ranges = siblings.Select(p => (RangePartitionItem)p.Item!).ToList();
            if (desc.Kind == PartitionValuesKind.LessThan)
            {
                var upper = KeyOf(columns, desc.Upper, desc.Name);
                if (upper.Values.All(v => v.Kind == PartitionValueKind.Min))
                {
                    throw DorisErrors.Generic($"Partition's upper value should not be MIN VALUE: {upper}");
                }

                ranges.Sort((a, b) => a.Lower.CompareTo(b.Lower, types));
                // As Doris: the lower bound is the upper bound of the range just below the first range reaching
                // the new upper bound (or of the last range when none does), or the minimum.
                RangePartitionItem? last = null;
                foreach (var r in ranges)
                {
                    if (r.Upper.CompareTo(upper, types) >= 0)
                    {
                        break;
                    }

                    last = r;
                }

                var lower = last?.Upper;
                item = new RangePartitionItem { Lower = lower ?? PartitionKey.Minimum(columns), Upper = upper };
            }
            else if (desc.Kind == PartitionValuesKind.Fixed)
            {
                item = new RangePartitionItem { Lower = KeyOf(columns, desc.Lower, desc.Name), Upper = KeyOf(columns, desc.Upper, desc.Name) };
                if (item.Lower.CompareTo(item.Upper, types) >= 0)
                {
                    throw DorisErrors.Generic("The lower values must smaller than upper values");
                }
            }
            else
            {
                throw DorisErrors.Generic($"Invalid range value format for partition {desc.Name}");
            }

            foreach (var other in siblings)
            {
                var range = (RangePartitionItem)other.Item!;
                if (range.Intersects(item, types))
                {
                    throw DorisErrors.Generic($"Range {item.ToRangeString()} is intersected with range: {range.ToRangeString()}");
                }
            }

            return item;
        }

        if (desc.Kind != PartitionValuesKind.In)
        {
            throw DorisErrors.Generic($"List partition {desc.Name} must be defined with VALUES IN");
        }

        var list = new ListPartitionItem();
        foreach (var values in desc.InValues)
        {
            if (values.Count != columns.Count)
            {
                throw DorisErrors.Generic($"partition key desc list size[{values.Count}] is not equal to partition column size[{columns.Count}]");
            }

            var key = KeyOf(columns, values, desc.Name);
            foreach (var other in siblings)
            {
                if (((ListPartitionItem)other.Item!).Contains(key))
                {
                    throw DorisErrors.Generic($"The partition key[{key}] in partition item[{list.ToRangeString()}] is conflict with current partitionKeys[{other.Item!.ToRangeString()}]");
                }
            }

            list.Keys.Add(key);
        }

        return list;
    }

    /// <summary>A key from written bounds; positions left out become the column's minimum.</summary>
    public static PartitionKey KeyOf(IReadOnlyList<Column> columns, IReadOnlyList<PartitionBound> bounds, string partitionName)
    {
        if (bounds.Count > columns.Count)
        {
            throw DorisErrors.Generic($"Partition values number is more than partition column number: {partitionName}");
        }

        var key = new PartitionKey { Types = columns.Select(c => c.Type.Type).ToList() };
        for (var i = 0; i < columns.Count; i++)
        {
            if (i >= bounds.Count)
            {
                key.Values.Add(new PartitionValue(PartitionValueKind.Min, null));
                continue;
            }

            var b = bounds[i];
            if (b.IsMax)
            {
                key.Values.Add(new PartitionValue(PartitionValueKind.Max, null));
            }
            else if (b.IsNull)
            {
                key.Values.Add(new PartitionValue(PartitionValueKind.Null, null));
            }
            else if (columns[i].Type.TryCoerce(b.Text, out var v) && v is not null)
            {
                key.Values.Add(PartitionValue.Of(ValueText.ToInvariant(v)));
            }
            else
            {
                throw DorisErrors.Generic($"Invalid partition value '{b.Text}' for column {columns[i].Name} of type {columns[i].Type.ToSql()}");
            }
        }

        return key;
    }

    /// <summary>The partition key of a row (its partition column values).</summary>
    public static PartitionKey KeyOfRow(OlapTable table, object?[] row, IReadOnlyList<int> partitionColumnPositions)
    {
        var key = new PartitionKey();
        for (var i = 0; i < partitionColumnPositions.Count; i++)
        {
            var value = row[partitionColumnPositions[i]];
            key.Types.Add(table.Columns[partitionColumnPositions[i]].Type.Type);
            key.Values.Add(value is null ? new PartitionValue(PartitionValueKind.Null, null) : PartitionValue.Of(ValueText.ToInvariant(value)));
        }

        return key;
    }
}
