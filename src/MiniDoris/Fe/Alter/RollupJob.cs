using MiniDoris.Fe.Binlog;
using MiniDoris.Fe.Catalog;
using MiniDoris.Fe.Ddl;
using MiniDoris.Fe.Load;
using MiniDoris.Fe.Qe;
using MiniDoris.Fe.Sql.Ast;
using Syncer.Doris.Binlog.Records;
using Syncer.Doris.Thrift;

namespace MiniDoris.Fe.Alter;

/// <summary>
/// Rollups, as Doris's MaterializedViewHandler/RollupJobV2: ADD ROLLUP creates one more materialized index in every
/// partition (its own tablets and replicas, filled from the base data at the partitions' visible versions) and records
/// ALTER_JOB (type ROLLUP) at PENDING, WAITING_TXN, RUNNING and FINISHED; loads then write it like any index, so it is
/// in getMeta and in UPSERT indexIds. DROP ROLLUP and RENAME ROLLUP record DROP_ROLLUP (23) and RENAME_ROLLUP (21),
/// both beyond this FE generation's TBinlogType range and so inside a BARRIER. A rollup's tablets hold the base rows
/// (minidoris reads only the base index), which ingest copies like any other tablet.
/// </summary>
internal static class RollupJob
{
    public static void Add(StatementContext ctx, Database db, OlapTable table, AddRollupClause clause)
    {
        var state = ctx.State;
        if (table.Indexes.Any(i => i.Name.Equals(clause.Name, StringComparison.OrdinalIgnoreCase)))
        {
            throw DorisErrors.Generic($"Rollup name[{clause.Name}] already used");
        }

        NameValidator.CheckTableName(clause.Name);
        var columns = new List<string>();
        foreach (var name in clause.Columns)
        {
            var column = table.FindColumn(name) ?? throw DorisErrors.Generic($"Column[{name}] does not exist");
            if (columns.Contains(column.Name, StringComparer.OrdinalIgnoreCase))
            {
                throw DorisErrors.Generic($"Rollup has duplicate column name {column.Name}");
            }

            columns.Add(column.Name);
        }

        if (table.KeysType == KeysType.UNIQUE_KEYS && table.KeyColumns().Any(k => !columns.Contains(k.Name, StringComparer.OrdinalIgnoreCase)))
        {
            throw DorisErrors.Generic("Rollup should contains all unique keys in basetable");
        }

        if (!columns.Any(c => table.FindColumn(c)!.IsKey))
        {
            throw DorisErrors.Generic("No key column is found");
        }

        var jobId = state.NextId();
        var rollupId = state.NextId();
        var baseIndex = table.BaseIndex;
        table.Indexes.Add(new IndexMeta
        {
            Id = rollupId,
            Name = clause.Name,
            IsShadow = true,
            Columns = columns,
            SchemaHash = CreateTableExecutor.SchemaHash(rollupId),
        });
        foreach (var partition in table.AllPartitions())
        {
            var index = TabletAllocator.CreateIndex(state, rollupId, partition.Distribution.BucketNum, table.ReplicationNum);
            index.State = "SHADOW";
            partition.Indexes.Add(index);
        }

        state.InvalidateIndexes();
        var job = new AlterJobRecord
        {
            Type = "ROLLUP",
            DbId = db.Id,
            TableId = table.Id,
            TableName = table.Name,
            JobId = jobId,
            RollupIndexId = rollupId,
            RollUpIndexName = clause.Name,
            BaseIndexId = baseIndex.Id,
            BaseIndexName = baseIndex.Name,
        };
        Log(ctx, db, table, job, "PENDING");
        Log(ctx, db, table, job, "WAITING_TXN");
        Log(ctx, db, table, job, "RUNNING");

        // The job's conversion: each partition's merged rows at its visible version fill the rollup's tablets.
        foreach (var partition in table.AllPartitions())
        {
            var rollup = partition.GetIndex(rollupId)!;
            var router = new RowRouter(table, [partition], partition.Id);
            var byBucket = new Dictionary<int, List<object?[]>>();
            foreach (var row in TableDataReader.ReadMerged(state, table, [partition]))
            {
                router.TryRoute(row, out _, out var bucket);
                (byBucket.TryGetValue(bucket, out var list) ? list : byBucket[bucket] = []).Add(row);
            }

            for (var b = 0; b < rollup.Tablets.Count; b++)
            {
                LoadStorage.WriteRowset(state, 0, table, partition, rollupId, rollup.Tablets[b].Id,
                    byBucket.GetValueOrDefault(b) ?? [], null, partition.VisibleVersion);
                foreach (var replica in rollup.Tablets[b].Replicas)
                {
                    replica.Version = partition.VisibleVersion;
                }
            }

            rollup.State = "NORMAL";
        }

        table.Indexes.First(i => i.Id == rollupId).IsShadow = false;
        table.UpdateTime = ctx.NowMs();
        state.InvalidateIndexes();
        Log(ctx, db, table, job, "FINISHED");
    }

    public static void Drop(StatementContext ctx, Database db, OlapTable table, DropRollupClause clause)
    {
        var meta = FindRollup(table, clause.Name);
        foreach (var partition in table.AllPartitions())
        {
            if (partition.GetIndex(meta.Id) is { } index)
            {
                foreach (var tablet in index.Tablets)
                {
                    ctx.State.Store.DeleteRowsetsOfTablet(tablet.Id);
                }

                partition.Indexes.Remove(index);
            }
        }

        table.Indexes.Remove(meta);
        table.UpdateTime = ctx.NowMs();
        ctx.State.InvalidateIndexes();
        var inner = new DropRollupInfo
        {
            DbId = db.Id,
            TableId = table.Id,
            TableName = table.Name,
            IndexId = meta.Id,
            IndexName = meta.Name,
        };
        WrapInBarrier(ctx, db, table, TBinlogType.DROP_ROLLUP, BinlogJson.Serialize(inner), DroppedIds.OfIndexes([meta.Id]));
    }

    public static void Rename(StatementContext ctx, Database db, OlapTable table, RenameRollupClause clause)
    {
        var meta = FindRollup(table, clause.OldName);
        NameValidator.CheckTableName(clause.NewName);
        if (table.Indexes.Any(i => i.Name.Equals(clause.NewName, StringComparison.OrdinalIgnoreCase)))
        {
            throw DorisErrors.Generic($"Rollup name[{clause.NewName}] is already used");
        }

        var oldName = meta.Name;
        meta.Name = clause.NewName;
        var inner = new TableInfo { Db = db.Id, Tb = table.Id, Ind = meta.Id, NewRollupName = clause.NewName, OldRollupName = oldName };
        WrapInBarrier(ctx, db, table, TBinlogType.RENAME_ROLLUP, BinlogJson.Serialize(inner));
    }

    private static IndexMeta FindRollup(OlapTable table, string name) =>
        table.Indexes.FirstOrDefault(i => i.Id != table.BaseIndexId && !i.IsShadow && i.Name.Equals(name, StringComparison.OrdinalIgnoreCase))
        ?? throw DorisErrors.Generic($"Rollup index[{name}] does not exist in table[{table.Name}]");

    private static void Log(StatementContext ctx, Database db, OlapTable table, AlterJobRecord job, string jobState)
    {
        job.JobState = jobState;
        var seq = ctx.State.NextJournalId();
        ctx.State.RecordBinlog(db, TBinlogType.ALTER_JOB, [table], BinlogJson.Serialize(job), seq);
    }

    /// <summary>
    /// A binlog type this FE generation's enum lacks travels as Doris's 2.x BinlogManager sends it: a BarrierLog built
    /// from (dbId, tableId, type, json) — no db or table name — added as a BARRIER on the table.
    /// </summary>
    private static void WrapInBarrier(StatementContext ctx, Database db, OlapTable table, TBinlogType type, string json, DroppedIds? dropped = null)
    {
        var seq = ctx.State.NextJournalId();
        var barrier = new BarrierLog { DbId = db.Id, TableId = table.Id, BinlogType = (int)type, Binlog = json };
        ctx.State.RecordBinlog(db, TBinlogType.BARRIER, [table], BinlogJson.Serialize(barrier), seq, dropped);
    }
}
