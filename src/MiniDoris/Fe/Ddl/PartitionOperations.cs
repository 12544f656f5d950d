using System.Globalization;
using MiniDoris.Fe.Binlog;
using Syncer.Doris.Binlog.Records;
using MiniDoris.Fe.Catalog;
using MiniDoris.Fe.Load;
using Syncer.Doris.Thrift;

namespace MiniDoris.Fe.Ddl;

/// <summary>Adding, dropping and replacing partitions (ALTER TABLE and INSERT OVERWRITE share these).</summary>
internal static class PartitionOperations
{
    public static Partition Add(
        ClusterState state, Database db, OlapTable table, string name, PartitionItem? item, DistributionInfo distribution, bool temp)
    {
        var partition = TabletAllocator.CreatePartition(state, table, name, item, distribution, temp, table.Partitions.Count > 0
            ? table.Partitions[0].Indexes.Select(i => i.Id)
            : [table.BaseIndexId]);
        (temp ? table.TempPartitions : table.Partitions).Add(partition);
        table.UpdateTime = state.NowMs();
        state.InvalidateIndexes();
        var seq = state.NextJournalId();
        var record = new AddPartitionRecord
        {
            CommitSeq = seq,
            DbId = db.Id,
            TableId = table.Id,
            Partition = new PartitionJson
            {
                Id = partition.Id,
                Name = partition.Name,
                VisibleVersion = partition.VisibleVersion,
                VisibleVersionTime = partition.VisibleVersionTime,
                NextVersion = partition.NextVersion,
                // Doris keeps the base index apart from the rollups; a new partition has no shadow index yet and
                // no rows, so rowCount is Doris's initial -1 in the index.
                BaseIndex = PartitionGson.Index(BaseOf(table, partition), -1),
                IdToVisibleRollupIndex = partition.Indexes.Where(i => i.Id != table.BaseIndexId && i.State == "NORMAL")
                    .ToDictionary(i => i.Id.ToString(CultureInfo.InvariantCulture), i => PartitionGson.Index(i, -1)),
                IdToShadowIndex = partition.Indexes.Where(i => i.Id != table.BaseIndexId && i.State != "NORMAL")
                    .ToDictionary(i => i.Id.ToString(CultureInfo.InvariantCulture), i => PartitionGson.Index(i, -1)),
                DistributionInfo = new DistributionInfoJson
                {
                    Clazz = partition.Distribution.Type == DistributionType.HASH ? "HashDistributionInfo" : "RandomDistributionInfo",
                    Type = partition.Distribution.Type.ToString(),
                    BucketNum = partition.Distribution.BucketNum,
                    AutoBucket = partition.Distribution.AutoBucket,
                    DistributionColumns = partition.Distribution.Type == DistributionType.HASH
                        ? partition.Distribution.Columns.Select(c => new DistributionColumnJson
                        {
                            Name = c,
                            Type = table.FindColumn(c)?.Type.Type.ToString() ?? string.Empty,
                        }).ToList()
                        : null,
                },
            },
            Range = PartitionGson.Range(item),
            ListPartitionItem = PartitionGson.ListItem(),
            ReplicaAlloc = ReplicaAllocationJson.DefaultTag(table.ReplicationNum),
            IsTempPartition = temp,
            Sql = AddPartitionSql(partition),
        };
        state.RecordBinlog(db, TBinlogType.ADD_PARTITION, [table], BinlogJson.Serialize(record), seq);
        return partition;
    }

    private static MaterializedIndex BaseOf(OlapTable table, Partition partition) =>
        partition.GetIndex(table.BaseIndexId) ?? partition.Indexes[0];

    /// <summary>The sql of an ADD_PARTITION binlog, as Doris's AddPartitionRecord writes it.</summary>
    public static string AddPartitionSql(Partition partition)
    {
        var head = "ADD " + (partition.IsTemp ? "TEMPORARY " : string.Empty) + "PARTITION " + Identifiers.Quote(partition.Name) + " ";
        return partition.Item is null
            ? head
            : head + partition.Item.ToAddPartitionSql() + $" (\"version_info\" = \"{partition.VisibleVersion}\");";
    }

    public static void Drop(ClusterState state, Database db, OlapTable table, Partition partition, bool force)
    {
        (partition.IsTemp ? table.TempPartitions : table.Partitions).Remove(partition);

        // A formal partition dropped without FORCE waits in the recycle bin; temporary ones are always erased.
        if (force || partition.IsTemp)
        {
            LoadStorage.DeletePartitionData(state, partition);
        }
        else
        {
            state.Image.RecycleBin.Partitions.Add(new RecycledPartition
            {
                DbId = db.Id, TableId = table.Id, Partition = partition, RecycleTime = state.NowMs(),
            });
        }

        table.UpdateTime = state.NowMs();
        state.InvalidateIndexes();
        var seq = state.NextJournalId();
        var record = new DropPartitionInfo
        {
            DbId = db.Id,
            TableId = table.Id,
            PartitionId = partition.Id,
            PartitionName = partition.Name,
            IsTempPartition = partition.IsTemp,
            ForceDrop = force,

            // Doris writes the partition's time of entry into the recycle bin, 0 when it was erased at once.
            RecycleTime = force || partition.IsTemp ? 0 : state.NowMs(),
            Sql = "DROP PARTITION " + (partition.IsTemp ? "TEMPORARY " : string.Empty) + Identifiers.Quote(partition.Name) + (force ? " FORCE" : string.Empty),
            Version = partition.VisibleVersion,
            VersionTime = partition.VisibleVersionTime,
        };
        state.RecordBinlog(db, TBinlogType.DROP_PARTITION, [table], BinlogJson.Serialize(record), seq, DroppedIds.OfPartitions([partition.Id]));
    }

    /// <summary>
    /// REPLACE PARTITION (formal) WITH TEMPORARY PARTITION (temps): the temporaries become formal partitions
    /// (renamed to the replaced names unless use_temp_partition_name), the replaced ones are dropped.
    /// </summary>
    public static void Replace(
        ClusterState state, Database db, OlapTable table, IReadOnlyList<string> formalNames, IReadOnlyList<string> tempNames,
        bool strictRange, bool useTempPartitionName)
    {
        var formals = formalNames.Select(n => table.FindPartition(n, false) ?? throw DorisErrors.Generic($"Partition[{n}] does not exist")).ToList();
        var temps = tempNames.Select(n => table.FindPartition(n, true) ?? throw DorisErrors.Generic($"Temp partition[{n}] does not exist")).ToList();
        if (strictRange && table.PartitionType == PartitionType.RANGE && !SameCoverage(table, formals, temps))
        {
            throw DorisErrors.Generic("The range of the partitions to be replaced is not equal to the range of the temp partitions");
        }

        var index = table.Partitions.IndexOf(formals[0]);
        foreach (var f in formals)
        {
            table.Partitions.Remove(f);
            LoadStorage.DeletePartitionData(state, f);
        }

        for (var i = 0; i < temps.Count; i++)
        {
            var t = temps[i];
            table.TempPartitions.Remove(t);
            t.IsTemp = false;
            if (!useTempPartitionName && formals.Count == temps.Count)
            {
                t.Name = formals[i].Name;
            }

            table.Partitions.Insert(Math.Min(index + i, table.Partitions.Count), t);
        }

        var now = state.NowMs();
        table.UpdateTime = now;
        state.InvalidateIndexes();
        var seq = state.NextJournalId();
        var record = new ReplacePartitionOperationLog
        {
            DbId = db.Id,
            DbName = db.Name,
            TblId = table.Id,
            TblName = table.Name,
            Partitions = [.. formalNames],
            TempPartitions = [.. tempNames],
            StrictRange = strictRange,
            UseTempPartitionName = useTempPartitionName,
            Version = temps.Count > 0 ? temps.Max(t => t.VisibleVersion) : 0,
            VersionTime = now,
        };
        state.RecordBinlog(db, TBinlogType.REPLACE_PARTITIONS, [table], BinlogJson.Serialize(record), seq,
            DroppedIds.OfPartitions(formals.Select(f => f.Id)));
    }

    private static bool SameCoverage(OlapTable table, List<Partition> a, List<Partition> b)
    {
        static string Coverage(OlapTable table, List<Partition> parts)
        {
            var types = table.PartitionColumnTypes();
            var ranges = parts.Select(p => (RangePartitionItem)p.Item!).ToList();
            ranges.Sort((x, y) => x.Lower.CompareTo(y.Lower, types));
            var merged = new List<(PartitionKey Lower, PartitionKey Upper)>();
            foreach (var r in ranges)
            {
                if (merged.Count > 0 && merged[^1].Upper.CompareTo(r.Lower, types) == 0)
                {
                    merged[^1] = (merged[^1].Lower, r.Upper);
                }
                else
                {
                    merged.Add((r.Lower, r.Upper));
                }
            }

            return string.Join("|", merged.Select(m => m.Lower + ".." + m.Upper));
        }

        return Coverage(table, a) == Coverage(table, b);
    }
}
