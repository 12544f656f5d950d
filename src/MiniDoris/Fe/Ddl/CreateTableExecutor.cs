using MiniDoris.Fe.Auth;
using MiniDoris.Fe.Binlog;
using Syncer.Doris.Binlog.Records;
using MiniDoris.Fe.Catalog;
using MiniDoris.Fe.Qe;
using MiniDoris.Fe.Sql.Ast;
using Syncer.Doris.Thrift;

namespace MiniDoris.Fe.Ddl;

/// <summary>CREATE TABLE: validates the Doris definition, allocates ids and tablets, records CREATE_TABLE.</summary>
internal static class CreateTableExecutor
{
    /// <summary>Doris's short key limits for picking DUPLICATE keys when none are given.</summary>
    private const int ShortKeyMaxColumns = 3;
    private const int ShortKeyMaxBytes = 36;
    private const int AutoBuckets = 10;

    public static QueryResult Execute(StatementContext ctx, CreateTableStmt stmt)
    {
        var db = ctx.ResolveDb(stmt.Name.Db);
        ctx.RequirePrivilege(Privilege.Create, db);
        if (db.FindTable(stmt.Name.Name) is not null)
        {
            return stmt.IfNotExists ? QueryResult.Ok() : throw DorisErrors.TableExists(stmt.Name.Name);
        }

        NameValidator.CheckTableName(stmt.Name.Name);
        var table = BuildTable(ctx, db, stmt);
        var state = ctx.State;
        table.Id = state.NextId();
        var baseIndexId = state.NextId();
        table.BaseIndexId = baseIndexId;
        table.Indexes.Add(new IndexMeta { Id = baseIndexId, Name = table.Name, SchemaHash = SchemaHash(table.Id), SchemaVersion = 0 });
        table.CreateTime = table.UpdateTime = ctx.NowMs();

        if (stmt.Partition is null)
        {
            table.Partitions.Add(TabletAllocator.CreatePartition(state, table, table.Name, null, table.DefaultDistribution, false, [baseIndexId]));
        }
        else
        {
            foreach (var desc in stmt.Partition.Partitions)
            {
                NameValidator.CheckPartitionName(desc.Name);
                if (table.FindPartition(desc.Name, false) is not null)
                {
                    throw DorisErrors.Generic($"Duplicated partition name: {desc.Name}");
                }

                var item = PartitionBuilder.BuildItem(table, desc, table.Partitions);
                table.Partitions.Add(TabletAllocator.CreatePartition(state, table, desc.Name, item, table.DefaultDistribution, false, [baseIndexId]));
            }
        }

        db.Tables.Add(table);
        state.InvalidateIndexes();
        var seq = state.NextJournalId();
        var record = new CreateTableRecord
        {
            CommitSeq = seq,
            DbId = db.Id,
            DbName = db.Name,
            TableId = table.Id,
            TableName = table.Name,
            TableType = "OLAP",
            Sql = CreateTableFormatter.Format(table, ctx.FeatureBinlogEnabled),
        };
        state.RecordBinlog(db, TBinlogType.CREATE_TABLE, [table], BinlogJson.Serialize(record), seq);
        return QueryResult.Ok();
    }

    /// <summary>A stable per-table schema hash (Doris derives it randomly; tests only need it fixed).</summary>
    public static int SchemaHash(long seed) => (int)((seed * 2654435761L) & 0x7fffffff);

    private static OlapTable BuildTable(StatementContext ctx, Database db, CreateTableStmt stmt)
    {
        var table = new OlapTable { Name = stmt.Name.Name, Comment = stmt.Comment ?? string.Empty };
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var uniqueId = 0;
        foreach (var def in stmt.Columns)
        {
            NameValidator.CheckColumnName(def.Name);
            if (!seen.Add(def.Name))
            {
                throw DorisErrors.DuplicateColumn(def.Name);
            }

            table.Columns.Add(ColumnFactory.FromDef(def, uniqueId++));
        }

        table.MaxColUniqueId = uniqueId - 1;
        ApplyKeys(table, stmt.Keys);
        ApplyPartitioning(table, stmt.Partition);
        ApplyDistribution(table, stmt.Distribution);
        ApplyProperties(ctx, db, table, stmt.Properties);
        Alter.IndexChange.AddAtCreate(ctx, table, stmt.Indexes);
        return table;
    }

    private static void ApplyKeys(OlapTable table, KeysDesc? keys)
    {
        var keyNames = keys?.Columns ?? DefaultDuplicateKeys(table.Columns);
        table.KeysType = keys?.Type ?? KeysType.DUP_KEYS;
        if (keyNames.Count == 0)
        {
            throw DorisErrors.Generic("The olap table first column could not be float, double, string or array, struct, map, please use decimal or varchar instead.");
        }

        for (var i = 0; i < keyNames.Count; i++)
        {
            var column = table.FindColumn(keyNames[i]) ?? throw DorisErrors.Generic($"Key column[{keyNames[i]}] doesn't exist.");
            if (i >= table.Columns.Count || !string.Equals(table.Columns[i].Name, keyNames[i], StringComparison.OrdinalIgnoreCase))
            {
                throw DorisErrors.Generic(
                    $"Key columns should be a ordered prefix of the schema. KeyColumns[{i}] (starts from zero) is {keyNames[i]}, "
                    + $"but corresponding column is {(i < table.Columns.Count ? table.Columns[i].Name : "none")} in the previous columns declaration.");
            }

            if (column.Aggregation != AggregateType.NONE)
            {
                throw DorisErrors.Generic($"Key column {column.Name} should not specify aggregate type.");
            }

            if (column.Type.IsFloatingPoint)
            {
                throw DorisErrors.Generic("Float or double can not used as a key, use decimal instead.");
            }

            if (column.Type.Type == PrimitiveType.STRING)
            {
                throw DorisErrors.Generic($"String Type should not be used in key column[{column.Name}].");
            }

            column.IsKey = true;
        }

        foreach (var column in table.Columns.Where(c => !c.IsKey))
        {
            ColumnFactory.ApplyValueAggregation(table.KeysType, column);
        }
    }

    private static List<string> DefaultDuplicateKeys(IReadOnlyList<Column> columns)
    {
        var keys = new List<string>();
        var bytes = 0;
        foreach (var c in columns)
        {
            bytes += ColumnFactory.IndexSize(c.Type);
            if (keys.Count >= ShortKeyMaxColumns || bytes > ShortKeyMaxBytes)
            {
                if (keys.Count == 0 && c.Type.IsString && c.Type.Type != PrimitiveType.STRING)
                {
                    keys.Add(c.Name);
                }

                break;
            }

            if (c.Type.IsFloatingPoint || c.Type.Type == PrimitiveType.STRING)
            {
                break;
            }

            keys.Add(c.Name);
            if (c.Type.Type == PrimitiveType.VARCHAR)
            {
                break;
            }
        }

        return keys;
    }

    private static void ApplyPartitioning(OlapTable table, PartitionDesc? partition)
    {
        if (partition is null)
        {
            return;
        }

        table.PartitionType = partition.Type;
        foreach (var name in partition.Columns)
        {
            var column = table.FindColumn(name) ?? throw DorisErrors.Generic($"Partition column[{name}] does not exist in column list.");
            if (table.KeysType != KeysType.DUP_KEYS && !column.IsKey)
            {
                throw DorisErrors.Generic("The partition column could not be aggregated column");
            }

            if (column.Type.IsFloatingPoint || column.Type.IsDecimal || column.Type.Type == PrimitiveType.STRING)
            {
                throw DorisErrors.Generic($"Invalid partition column '{name}': Column[{name}] type[{column.Type.ToSql()}] cannot be a range partition key.");
            }

            table.PartitionColumns.Add(column.Name);
        }
    }

    private static void ApplyDistribution(OlapTable table, DistributionDesc? desc)
    {
        var info = new DistributionInfo();
        if (desc is null)
        {
            // Doris 2.1 default: RANDOM for DUPLICATE tables, HASH over the keys otherwise, with automatic buckets.
            info.Type = table.KeysType == KeysType.DUP_KEYS ? DistributionType.RANDOM : DistributionType.HASH;
            info.Columns = info.Type == DistributionType.HASH ? table.KeyColumns().Select(c => c.Name).ToList() : [];
            info.AutoBucket = true;
            info.BucketNum = AutoBuckets;
        }
        else
        {
            info.Type = desc.Type;
            info.AutoBucket = desc.Auto || desc.Buckets == 0;
            info.BucketNum = info.AutoBucket ? AutoBuckets : desc.Buckets;
            foreach (var name in desc.Columns)
            {
                var column = table.FindColumn(name) ?? throw DorisErrors.Generic($"Distribution column[{name}] is not found");
                if (table.KeysType != KeysType.DUP_KEYS && !column.IsKey)
                {
                    throw DorisErrors.Generic($"Distribution column[{name}] is not key column");
                }

                if (column.Type.IsFloatingPoint)
                {
                    throw DorisErrors.Generic($"Floating point type column can not be distribution column");
                }

                info.Columns.Add(column.Name);
            }

            if (desc.Type == DistributionType.RANDOM && table.KeysType == KeysType.UNIQUE_KEYS)
            {
                throw DorisErrors.Generic("Random distribution for unique key table is unsupported");
            }

            if (desc.Type == DistributionType.RANDOM && table.KeysType == KeysType.AGG_KEYS
                && table.Columns.Any(c => c.Aggregation is AggregateType.REPLACE or AggregateType.REPLACE_IF_NOT_NULL))
            {
                throw DorisErrors.Generic("Cannot set random distribution for aggregate table with replace or replace_if_not_null columns");
            }
        }

        table.DefaultDistribution = info;
    }

    private static void ApplyProperties(StatementContext ctx, Database db, OlapTable table, List<KeyValuePair<string, string>> properties)
    {
        table.ReplicationNum = TableProperties.ParseReplicationNum(properties, 3);
        TabletAllocator.CheckReplication(ctx.State, table.ReplicationNum);
        var binlogProps = properties.Where(p => BinlogConfig.IsBinlogKey(p.Key)).ToList();
        if (binlogProps.Count > 0 && !ctx.FeatureBinlogEnabled)
        {
            throw DorisErrors.Generic("Binlog feature is not enabled");
        }

        if (db.BinlogConfig.Enable)
        {
            // A table of a binlog-enabled database inherits the database's binlog config.
            var inherited = db.BinlogConfig.Clone();
            inherited.MergeFrom(binlogProps);
            if (!inherited.Enable)
            {
                throw DorisErrors.Generic("Cannot create table with binlog disabled when database binlog enable");
            }

            table.BinlogConfig = inherited;
        }
        else
        {
            table.BinlogConfig.MergeFrom(binlogProps);
        }

        TableProperties.ApplyGeneral(table, properties);
        if (table.KeysType != KeysType.UNIQUE_KEYS)
        {
            table.EnableUniqueKeyMergeOnWrite = false;
        }
    }
}
