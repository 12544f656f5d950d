using MiniDoris.Fe.Binlog;
using Syncer.Doris.Binlog.Records;
using MiniDoris.Fe.Catalog;
using MiniDoris.Fe.Ddl;
using MiniDoris.Fe.Load;
using MiniDoris.Fe.Qe;
using Syncer.Doris.Thrift;

namespace MiniDoris.Fe.Alter;

/// <summary>
/// A (non-light) schema change: builds shadow indexes with the new schema, converts the data into them and
/// swaps them in, recording an ALTER_JOB binlog at each persisted state (PENDING, WAITING_TXN, RUNNING,
/// FINISHED) like Doris's SchemaChangeJobV2. minidoris runs the job to completion inside the statement.
/// </summary>
internal static class SchemaChangeJob
{
    public static void Run(StatementContext ctx, Database db, OlapTable table, List<Column> newSchema, string rawSql)
    {
        var state = ctx.State;
        var jobId = state.NextId();
        var originIndexId = table.BaseIndexId;
        var shadowIndexId = state.NextId();
        var now = ctx.NowMs();
        var job = new SchemaChangeJobInfo
        {
            JobId = jobId,
            DbId = db.Id,
            TableName = table.Name,
            CreateTime = now,
            IndexName = table.Name,
            IndexId = shadowIndexId,
            OriginIndexId = originIndexId,
        };
        state.Image.AlterJobs.Add(job);

        // Read the data with the old schema before anything changes.
        var oldSchema = table.Columns;
        var partitionRows = table.AllPartitions().ToDictionary(p => p.Id, p => TableDataReader.ReadMerged(state, table, [p]));
        var converted = new Dictionary<long, List<object?[]>>();
        foreach (var (partitionId, rows) in partitionRows)
        {
            converted[partitionId] = rows.Select(r => Convert(r, oldSchema, newSchema)).ToList();
        }

        foreach (var partition in table.AllPartitions())
        {
            var shadow = TabletAllocator.CreateIndex(state, shadowIndexId, partition.Distribution.BucketNum, table.ReplicationNum);
            shadow.State = "SHADOW";
            partition.Indexes.Add(shadow);
        }

        table.Indexes.Add(new IndexMeta
        {
            Id = shadowIndexId,
            Name = "__doris_shadow_" + table.Name,
            IsShadow = true,
            SchemaHash = CreateTableExecutor.SchemaHash(shadowIndexId),
            SchemaVersion = table.BaseIndex.SchemaVersion + 1,
        });
        state.InvalidateIndexes();

        Log(ctx, db, table, job, "PENDING", rawSql);
        Log(ctx, db, table, job, "WAITING_TXN", rawSql);
        Log(ctx, db, table, job, "RUNNING", rawSql);

        // Convert: each partition's merged rows go into the shadow tablets at the partition's visible version.
        table.Columns = newSchema;
        foreach (var partition in table.AllPartitions())
        {
            var shadow = partition.GetIndex(shadowIndexId)!;
            var router = new RowRouter(table, [partition], partition.Id);
            var byBucket = new Dictionary<int, List<object?[]>>();
            foreach (var row in converted[partition.Id])
            {
                router.TryRoute(row, out _, out var bucket);
                (byBucket.TryGetValue(bucket, out var list) ? list : byBucket[bucket] = []).Add(row);
            }

            for (var b = 0; b < shadow.Tablets.Count; b++)
            {
                LoadStorage.WriteRowset(state, 0, table, partition, shadowIndexId, shadow.Tablets[b].Id,
                    byBucket.GetValueOrDefault(b) ?? [], null, partition.VisibleVersion);
                foreach (var replica in shadow.Tablets[b].Replicas)
                {
                    replica.Version = partition.VisibleVersion;
                }
            }

            var origin = partition.GetIndex(originIndexId)!;
            foreach (var tablet in origin.Tablets)
            {
                state.Store.DeleteRowsetsOfTablet(tablet.Id);
            }

            partition.Indexes.Remove(origin);
            shadow.State = "NORMAL";
        }

        var originMeta = table.BaseIndex;
        table.Indexes.Remove(originMeta);
        var shadowMeta = table.Indexes.First(i => i.Id == shadowIndexId);
        shadowMeta.Name = table.Name;
        shadowMeta.IsShadow = false;
        table.BaseIndexId = shadowIndexId;
        table.UpdateTime = ctx.NowMs();
        state.InvalidateIndexes();

        job.FinishTime = ctx.NowMs();
        Log(ctx, db, table, job, "FINISHED", rawSql, DroppedIds.OfIndexes([originIndexId]));
    }

    private static object?[] Convert(object?[] row, List<Column> oldSchema, List<Column> newSchema)
    {
        var result = new object?[newSchema.Count];
        for (var i = 0; i < newSchema.Count; i++)
        {
            var column = newSchema[i];
            var from = oldSchema.FindIndex(c => c.UniqueId == column.UniqueId);
            var value = from >= 0 ? row[from] : Be.RowsetCodec.DefaultValueOf(column);
            if (!column.Type.TryCoerce(value, out var coerced) || (coerced is null && !column.IsAllowNull))
            {
                throw DorisErrors.Generic($"Can not change column {column.Name}: value {value} does not fit {column.Type.ToSql()}");
            }

            result[i] = coerced;
        }

        return result;
    }

    private static void Log(StatementContext ctx, Database db, OlapTable table, SchemaChangeJobInfo job, string jobState, string rawSql, DroppedIds? dropped = null)
    {
        job.State = jobState;
        var seq = ctx.State.NextJournalId();
        var record = new AlterJobRecord
        {
            Type = "SCHEMA_CHANGE",
            DbId = db.Id,
            TableId = table.Id,
            TableName = table.Name,
            JobId = job.JobId,
            JobState = jobState,
            RawSql = rawSql,
            ShadowToOriginIndex = new() { [job.IndexId] = job.OriginIndexId },
        };
        ctx.State.RecordBinlog(db, TBinlogType.ALTER_JOB, [table], BinlogJson.Serialize(record), seq, dropped);
    }
}
