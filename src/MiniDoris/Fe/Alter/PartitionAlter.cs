using MiniDoris.Fe.Binlog;
using MiniDoris.Fe.Catalog;
using MiniDoris.Fe.Ddl;
using MiniDoris.Fe.Qe;
using MiniDoris.Fe.Sql.Ast;
using Syncer.Doris.Binlog.Records;
using Syncer.Doris.Thrift;

namespace MiniDoris.Fe.Alter;

/// <summary>MODIFY PARTITION ... SET (...) and MODIFY DISTRIBUTION, with the binlogs Doris's Alter/Env record for them.</summary>
internal static class PartitionAlter
{
    /// <summary>
    /// Doris's Alter.modifyPartitionsProperty: every named partition (or all with <c>(*)</c>) takes the properties, and
    /// one BatchModifyPartitionsInfo with an entry per partition becomes a single MODIFY_PARTITIONS binlog.
    /// </summary>
    public static void ModifyPartitions(StatementContext ctx, Database db, OlapTable table, ModifyPartitionClause clause)
    {
        if (table.PartitionType == PartitionType.UNPARTITIONED && !clause.All)
        {
            // Doris lets the single partition of an unpartitioned table (named as the table) be modified too.
            if (!(clause.Partitions.Count == 1 && clause.Partitions[0].Equals(table.Name, StringComparison.OrdinalIgnoreCase)))
            {
                throw DorisErrors.Generic($"Partition[{clause.Partitions[0]}] does not exist in table[{table.Name}]");
            }
        }

        var source = clause.Temp ? table.TempPartitions : table.Partitions;
        var partitions = clause.All
            ? source.ToList()
            : clause.Partitions.Select(n => table.FindPartition(n, clause.Temp)
                ?? throw DorisErrors.Generic($"Partition[{n}] does not exist in table[{table.Name}]")).ToList();

        short? replication = null;
        bool? mutable = null;
        bool? inMemory = null;
        var unknown = new List<string>();
        foreach (var (key, value) in clause.Properties)
        {
            switch (key.ToLowerInvariant())
            {
                case "replication_num":
                case "replication_allocation":
                    replication = TableProperties.ParseReplicationNum([new(key, value)], table.ReplicationNum);
                    break;
                case "is_mutable":
                    mutable = ParseBool(key, value);
                    break;
                case "in_memory":
                    inMemory = ParseBool(key, value);
                    if (inMemory == true)
                    {
                        throw DorisErrors.Generic("Not support set 'in_memory'='true' now!");
                    }

                    break;
                default:
                    unknown.Add($"{key}={value}");
                    break;
            }
        }

        if (unknown.Count > 0)
        {
            throw DorisErrors.Generic($"Unknown properties: {{{string.Join(", ", unknown)}}}");
        }

        if (replication is { } r)
        {
            TabletAllocator.CheckReplication(ctx.State, r);
        }

        var infos = new List<ModifyPartitionInfo>();
        foreach (var partition in partitions)
        {
            // The replica allocation changes; Doris's tablet scheduler then adds or removes replicas, which minidoris
            // (without clone) does not do: existing tablets keep their replicas.
            partition.ReplicationNum = replication ?? partition.ReplicationNum;
            partition.IsMutable = mutable ?? partition.IsMutable;
            partition.IsInMemory = inMemory ?? partition.IsInMemory;
            infos.Add(new ModifyPartitionInfo
            {
                DbId = db.Id,
                TableId = table.Id,
                PartitionId = partition.Id,
                DataProperty = new DataPropertyJson { IsMutable = partition.IsMutable },
                IsInMemory = partition.IsInMemory,
                ReplicaAlloc = ReplicaAllocationJson.DefaultTag(partition.ReplicationNum),
                PartitionName = partition.Name,
                IsTempPartition = partition.IsTemp,
            });
        }

        if (infos.Count == 0)
        {
            return;
        }

        table.UpdateTime = ctx.NowMs();
        var seq = ctx.State.NextJournalId();
        ctx.State.RecordBinlog(db, TBinlogType.MODIFY_PARTITIONS, [table], BinlogJson.Serialize(new BatchModifyPartitionsInfo { Infos = infos }), seq);
    }

    /// <summary>
    /// Doris's Env.modifyDefaultDistributionBucketNum: only a partitioned table's default bucket number changes (type and
    /// columns must stay), so only partitions added later get the new number; existing ones keep theirs.
    /// </summary>
    public static void ModifyDistribution(StatementContext ctx, Database db, OlapTable table, ModifyDistributionClause clause)
    {
        var desc = clause.Distribution;
        if (table.PartitionType == PartitionType.UNPARTITIONED)
        {
            throw DorisErrors.Generic("Only support change partitioned table's distribution.");
        }

        var current = table.DefaultDistribution;
        if (desc.Type != current.Type)
        {
            throw DorisErrors.Generic("Cannot change distribution type when modify default distribution bucket num");
        }

        if (desc.Type == DistributionType.HASH && !desc.Columns.SequenceEqual(current.Columns, StringComparer.OrdinalIgnoreCase))
        {
            throw DorisErrors.Generic("Cannot assign hash distribution with different distribution cols. new is: "
                + $"[{string.Join(", ", desc.Columns)}] default is: [{string.Join(", ", current.Columns)}]");
        }

        if (!desc.Auto && desc.Buckets <= 0)
        {
            throw DorisErrors.Generic("Cannot assign hash distribution buckets less than 1");
        }

        current.AutoBucket = desc.Auto;
        if (desc.Buckets > 0)
        {
            current.BucketNum = desc.Buckets;
        }

        table.UpdateTime = ctx.NowMs();
        var seq = ctx.State.NextJournalId();
        var record = new ModifyTableDefaultDistributionBucketNumOperationLog
        {
            DbId = db.Id,
            TableId = table.Id,
            Type = current.Type.ToString(),
            AutoBucket = current.AutoBucket,
            BucketNum = current.BucketNum,
            ColumnsName = current.Type == DistributionType.HASH ? string.Join(",", current.Columns) : string.Empty,
        };
        ctx.State.RecordBinlog(db, TBinlogType.MODIFY_DISTRIBUTION_BUCKET_NUM, [table], BinlogJson.Serialize(record), seq);
    }

    /// <summary>SET ("distribution_type" = ...) is Doris's hash-to-random conversion, handled apart from other properties.</summary>
    public static bool IsDistributionTypeChange(SetPropertiesClause clause) =>
        clause.Properties.Any(p => p.Key.Equals("distribution_type", StringComparison.OrdinalIgnoreCase));

    /// <summary>
    /// Doris's Env.convertDistributionType: a DUPLICATE KEY table's HASH distribution (default and every partition's)
    /// becomes RANDOM with the same bucket numbers; rows already stored stay where they are. Its edit log is a TableInfo
    /// that only the newest FEs turn into MODIFY_DISTRIBUTION_TYPE (26); a 2.1/3.0 FE writes no binlog for it, and
    /// neither does minidoris (the journal id is still consumed).
    /// </summary>
    public static void ConvertDistributionType(StatementContext ctx, Database db, OlapTable table, SetPropertiesClause clause)
    {
        if (clause.Properties.Count != 1)
        {
            throw DorisErrors.Generic("Can only set one table property(distribution_type) at a time");
        }

        if (!clause.Properties[0].Value.Equals("random", StringComparison.OrdinalIgnoreCase))
        {
            throw DorisErrors.Generic("Only support modifying distribution type of table from hash to random");
        }

        if (table.KeysType != KeysType.DUP_KEYS)
        {
            throw DorisErrors.Generic("Only support modifying distribution type of duplicate key table");
        }

        foreach (var distribution in table.AllPartitions().Select(p => p.Distribution).Append(table.DefaultDistribution))
        {
            distribution.Type = DistributionType.RANDOM;
            distribution.Columns = [];
        }

        table.UpdateTime = ctx.NowMs();
        ctx.State.NextJournalId();
    }

    private static bool ParseBool(string key, string value) =>
        bool.TryParse(value, out var b) ? b : throw DorisErrors.Generic($"Invalid {key} value: {value}. Only true or false is allowed");
}
