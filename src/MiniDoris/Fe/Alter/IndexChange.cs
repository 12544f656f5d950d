using MiniDoris.Fe.Binlog;
using MiniDoris.Fe.Catalog;
using MiniDoris.Fe.Qe;
using MiniDoris.Fe.Sql.Ast;
using Syncer.Doris.Binlog.Records;
using Syncer.Doris.Thrift;

namespace MiniDoris.Fe.Alter;

/// <summary>
/// Secondary indexes, as Doris's SchemaChangeHandler treats them: adding or dropping an INVERTED index on a table
/// with light schema change is a light index change (metadata only, MODIFY_TABLE_ADD_OR_DROP_INVERTED_INDICES); a
/// drop also starts one index change job per partition to delete the index files, and BUILD INDEX one per partition to
/// build them for existing data (INDEX_CHANGE_JOB when each job is created and when it ends). Other index types, or a
/// table without light schema change, go through a full schema change job (ALTER_JOB).
/// </summary>
internal static class IndexChange
{
    /// <summary>Doris's alter_table_timeout_second default (86400 s), which index change jobs take as their timeout.</summary>
    private const long JobTimeoutMs = 86_400_000;

    public static void Add(StatementContext ctx, Database db, OlapTable table, AddIndexClause clause)
    {
        var def = clause.Index;
        if (table.FindTableIndex(def.Name) is not null)
        {
            if (clause.IfNotExists)
            {
                return;
            }

            throw DorisErrors.Generic($"index `{def.Name}` already exist.");
        }

        var index = Build(ctx, table, def);
        var rawSql = $"ALTER TABLE {Identifiers.Quote(db.Name)}.{Identifiers.Quote(table.Name)} ADD {index.ToSql()}";
        table.TableIndexes.Add(index);
        if (IsLight(table, index))
        {
            LogLightChange(ctx, db, table, index, isDrop: false, rawSql);
        }
        else
        {
            SchemaChangeJob.Run(ctx, db, table, table.Columns.Select(c => c.Clone()).ToList(), rawSql);
        }
    }

    public static void Drop(StatementContext ctx, Database db, OlapTable table, DropIndexClause clause)
    {
        var index = table.FindTableIndex(clause.Name);
        if (index is null)
        {
            if (clause.IfExists)
            {
                return;
            }

            throw DorisErrors.Generic($"index {clause.Name} does not exist");
        }

        var rawSql = $"ALTER TABLE {Identifiers.Quote(db.Name)}.{Identifiers.Quote(table.Name)} DROP INDEX {index.Name}";
        table.TableIndexes.Remove(index);
        if (IsLight(table, index))
        {
            LogLightChange(ctx, db, table, index, isDrop: true, rawSql);
            RunJobs(ctx, db, table, index, table.Partitions, isDrop: true);
        }
        else
        {
            SchemaChangeJob.Run(ctx, db, table, table.Columns.Select(c => c.Clone()).ToList(), rawSql);
        }
    }

    /// <summary>BUILD INDEX i ON t [PARTITION (...)]: one job per partition builds the index for the data already there.</summary>
    public static QueryResult BuildIndex(StatementContext ctx, BuildIndexStmt stmt)
    {
        var (db, table) = ctx.ResolveOlapTable(stmt.Table);
        ctx.RequirePrivilege(Auth.Privilege.Alter, db, table);
        var index = table.FindTableIndex(stmt.IndexName) ?? throw DorisErrors.Generic($"index {stmt.IndexName} not exist");
        if (index.IndexType != "INVERTED")
        {
            throw DorisErrors.Generic("BUILD INDEX operation failed: only inverted index can be built.");
        }

        var partitions = stmt.Partitions.Count == 0
            ? table.Partitions.ToList()
            : stmt.Partitions.Select(n => table.FindPartition(n, false) ?? throw DorisErrors.Generic($"partition {n} does not exist")).ToList();
        RunJobs(ctx, db, table, index, partitions, isDrop: false);
        return QueryResult.Ok();
    }

    /// <summary>Only inverted indexes support light index change (Doris's Index.isLightIndexChangeSupported).</summary>
    private static bool IsLight(OlapTable table, TableIndex index) => index.IndexType == "INVERTED" && table.LightSchemaChange;

    private static TableIndex Build(StatementContext ctx, OlapTable table, IndexDef def)
    {
        var columns = new List<string>();
        var uniqueIds = new List<int>();
        foreach (var name in def.Columns)
        {
            var column = table.FindColumn(name) ?? throw DorisErrors.Generic($"Column does not exist in table. invalid column: {name}");
            columns.Add(column.Name);
            uniqueIds.Add(column.UniqueId);
        }

        var properties = def.Properties.ToList();

        // Doris's Index constructor adds lower_case=true to an inverted index that has properties but not that one.
        if (def.IndexType == "INVERTED" && properties.Count > 0 && !properties.Any(p => p.Key == "lower_case"))
        {
            properties.Add(new("lower_case", "true"));
        }

        return new TableIndex
        {
            Id = ctx.State.NextId(),
            Name = def.Name,
            Columns = columns,
            IndexType = def.IndexType,
            Properties = properties,
            Comment = def.Comment ?? string.Empty,
            ColumnUniqueIds = uniqueIds,
        };
    }

    /// <summary>Builds every index of a CREATE TABLE (no binlog of its own: CREATE_TABLE's SQL carries them).</summary>
    public static void AddAtCreate(StatementContext ctx, OlapTable table, IEnumerable<IndexDef> defs)
    {
        foreach (var def in defs)
        {
            if (table.FindTableIndex(def.Name) is not null)
            {
                throw DorisErrors.Generic($"index `{def.Name}` already exist.");
            }

            table.TableIndexes.Add(Build(ctx, table, def));
        }
    }

    public static IndexJson ToJson(TableIndex index) => new()
    {
        IndexId = index.Id,
        IndexName = index.Name,
        Columns = [.. index.Columns],
        IndexType = index.IndexType,
        Properties = index.Properties.ToDictionary(p => p.Key, p => p.Value),
        Comment = index.Comment,
    };

    private static void LogLightChange(StatementContext ctx, Database db, OlapTable table, TableIndex index, bool isDrop, string rawSql)
    {
        table.UpdateTime = ctx.NowMs();
        var seq = ctx.State.NextJournalId();
        var record = new TableAddOrDropInvertedIndicesInfo
        {
            DbId = db.Id,
            TableId = table.Id,
            IndexSchemaMap = { [table.BaseIndexId] = table.Columns.Select(AlterTableExecutor.ToJson).ToList() },
            Indexes = table.TableIndexes.Select(ToJson).ToList(),
            AlterInvertedIndexes = [ToJson(index)],
            IsDropInvertedIndex = isDrop,
            JobId = ctx.State.NextId(),
            RawSql = rawSql,
        };
        ctx.State.RecordBinlog(db, TBinlogType.MODIFY_TABLE_ADD_OR_DROP_INVERTED_INDICES, [table], BinlogJson.Serialize(record), seq);
    }

    /// <summary>
    /// One IndexChangeJob per partition: Doris logs each when it is created (WAITING_TXN) and when it finishes (its
    /// RUNNING state is not persisted). minidoris has no index files, so the jobs finish inside the statement.
    /// </summary>
    private static void RunJobs(StatementContext ctx, Database db, OlapTable table, TableIndex index, IEnumerable<Partition> partitions, bool isDrop)
    {
        var now = ctx.NowMs();
        var jobs = partitions.Select(p => new IndexChangeJob
        {
            JobId = ctx.State.NextId(),
            JobState = "WAITING_TXN",
            DbId = db.Id,
            TableId = table.Id,
            TableName = table.Name,
            PartitionId = p.Id,
            PartitionName = p.Name,
            CreateTimeMs = now,
            WatershedTxnId = ctx.State.Image.NextTxnId,
            IsDropOp = isDrop,
            AlterInvertedIndexes = [ToJson(index)],
            OriginIndexId = table.BaseIndexId,
            TimeoutMs = JobTimeoutMs,
        }).ToList();
        foreach (var job in jobs)
        {
            ctx.State.RecordBinlog(db, TBinlogType.INDEX_CHANGE_JOB, [table], BinlogJson.Serialize(job), ctx.State.NextJournalId());
        }

        foreach (var job in jobs)
        {
            job.JobState = "FINISHED";
            job.FinishedTimeMs = ctx.NowMs();
            ctx.State.RecordBinlog(db, TBinlogType.INDEX_CHANGE_JOB, [table], BinlogJson.Serialize(job), ctx.State.NextJournalId());
        }
    }
}
