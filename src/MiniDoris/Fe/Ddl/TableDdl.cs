using MiniDoris.Fe.Auth;
using MiniDoris.Fe.Binlog;
using Syncer.Doris.Binlog.Records;
using MiniDoris.Fe.Catalog;
using MiniDoris.Fe.Load;
using MiniDoris.Fe.Qe;
using MiniDoris.Fe.Sql;
using MiniDoris.Fe.Sql.Ast;
using Syncer.Doris.Thrift;

namespace MiniDoris.Fe.Ddl;

/// <summary>DROP TABLE/VIEW, TRUNCATE TABLE and CREATE VIEW.</summary>
internal static class TableDdl
{
    public static QueryResult Drop(StatementContext ctx, DropTableStmt stmt)
    {
        var db = ctx.ResolveDb(stmt.Name.Db);
        var table = db.FindTable(stmt.Name.Name);
        if (table is null)
        {
            return stmt.IfExists ? QueryResult.Ok() : throw DorisErrors.UnknownTableInDb(stmt.Name.Name, db.Name);
        }

        ctx.RequirePrivilege(Privilege.Drop, db, table);
        if (stmt.IsView && table is not View)
        {
            throw DorisErrors.WrongObject(db.Name, table.Name, "VIEW", $"Use 'DROP TABLE {table.Name}'");
        }

        if (!stmt.IsView && table is View)
        {
            throw DorisErrors.WrongObject(db.Name, table.Name, "TABLE", $"Use 'DROP VIEW {table.Name}'");
        }

        if (table is OlapTable { InAtomicRestore: true })
        {
            throw DorisErrors.Generic($"Table [{table.Name}]'s state is in atomic restore, please cancel the restore operation firstly");
        }

        if (table is OlapTable { State: not "NORMAL" } restoring)
        {
            throw DorisErrors.Generic($"Table [{table.Name}]'s state is {restoring.State}, cannot be dropped. please cancel the operation on db first");
        }

        // The gate is read before the table disappears from the catalog.
        var gate = ClusterState.GateFor(db, table);
        db.Tables.Remove(table);
        RecycleOrErase(ctx.State, db, table, stmt.Force);

        ctx.State.InvalidateIndexes();
        var seq = ctx.State.NextJournalId();
        var record = new DropTableRecord
        {
            CommitSeq = seq,
            DbId = db.Id,
            TableId = table.Id,
            TableName = table.Name,
            IsView = table is View,
            RawSql = $"DROP {(table is View ? "VIEW" : "TABLE")} IF EXISTS {Identifiers.Quote(table.Name)}",
        };
        ctx.State.RecordBinlog(db, TBinlogType.DROP_TABLE, [table], BinlogJson.Serialize(record), seq, DroppedIds.OfTable(table.Id), gate);
        return QueryResult.Ok();
    }

    /// <summary>
    /// Without FORCE a dropped table goes to the recycle bin with its data (Doris's unprotectDropTable); with FORCE
    /// its data is erased at once.
    /// </summary>
    public static void RecycleOrErase(ClusterState state, Database db, Table table, bool force)
    {
        if (!force)
        {
            state.Image.RecycleBin.Tables.Add(new RecycledTable { DbId = db.Id, Table = table, RecycleTime = state.NowMs() });
        }
        else if (table is OlapTable olap)
        {
            LoadStorage.DeleteTableData(state, olap);
        }
    }

    public static QueryResult Truncate(StatementContext ctx, TruncateTableStmt stmt)
    {
        var (db, table) = ctx.ResolveOlapTable(stmt.Name);
        ctx.RequirePrivilege(Privilege.Load, db, table);
        var targets = stmt.Partitions.Count == 0
            ? table.Partitions.ToList()
            : stmt.Partitions.Select(n => table.FindPartition(n, false) ?? throw DorisErrors.Generic($"Partition {n} does not exist")).ToList();
        var dropped = new List<long>();
        foreach (var old in targets)
        {
            // Doris replaces truncated partitions with new, empty ones: same name and range, new ids, version 1.
            var fresh = TabletAllocator.CreatePartition(ctx.State, table, old.Name, old.Item, old.Distribution, false,
                old.Indexes.Select(i => i.Id));
            table.Partitions[table.Partitions.IndexOf(old)] = fresh;
            LoadStorage.DeletePartitionData(ctx.State, old);
            dropped.Add(old.Id);
        }

        table.UpdateTime = ctx.NowMs();
        ctx.State.InvalidateIndexes();
        var seq = ctx.State.NextJournalId();
        var record = new TruncateTableRecord
        {
            DbId = db.Id,
            Db = db.Name,
            TblId = table.Id,
            Table = table.Name,
            IsEntireTable = stmt.Partitions.Count == 0,
            RawSql = stmt.Partitions.Count == 0 ? string.Empty : $"PARTITIONS ({string.Join(", ", stmt.Partitions)})",
        };
        ctx.State.RecordBinlog(db, TBinlogType.TRUNCATE_TABLE, [table], BinlogJson.Serialize(record), seq, DroppedIds.OfPartitions(dropped));
        return QueryResult.Ok();
    }

    public static QueryResult CreateView(StatementContext ctx, CreateViewStmt stmt)
    {
        var db = ctx.ResolveDb(stmt.Name.Db);
        ctx.RequirePrivilege(Privilege.Create, db);
        var existing = db.FindTable(stmt.Name.Name);
        if (existing is not null)
        {
            if (stmt.IfNotExists)
            {
                return QueryResult.Ok();
            }

            if (!stmt.OrReplace || existing is not View)
            {
                throw DorisErrors.TableExists(stmt.Name.Name);
            }
        }

        NameValidator.CheckTableName(stmt.Name.Name);
        var definition = ViewDefinition.Qualify(ctx, db, stmt.Query);
        var view = new View { Name = stmt.Name.Name, Definition = definition, Comment = stmt.Comment ?? string.Empty };
        view.Columns = AnalyseView(ctx, db, definition, stmt.ColumnNames);
        view.CreateTime = view.UpdateTime = ctx.NowMs();
        if (existing is not null)
        {
            db.Tables.Remove(existing);
            view.Id = existing.Id;
        }
        else
        {
            view.Id = ctx.State.NextId();
        }

        db.Tables.Add(view);
        var seq = ctx.State.NextJournalId();
        var record = new CreateTableRecord
        {
            CommitSeq = seq,
            DbId = db.Id,
            DbName = db.Name,
            TableId = view.Id,
            TableName = view.Name,
            TableType = "VIEW",
            Sql = CreateTableFormatter.Format(view),
        };
        ctx.State.RecordBinlog(db, TBinlogType.CREATE_TABLE, [view], BinlogJson.Serialize(record), seq);
        return QueryResult.Ok();
    }
    /// <summary>
    /// ALTER VIEW, as Doris's Alter.processAlterView/modifyViewDef: the view keeps its id and name, takes the new
    /// definition and columns, and the edit log's AlterViewInfo becomes a MODIFY_VIEW_DEF binlog on the view's id.
    /// </summary>
    public static QueryResult AlterView(StatementContext ctx, AlterViewStmt stmt)
    {
        var db = ctx.ResolveDb(stmt.Name.Db);
        var table = db.FindTable(stmt.Name.Name) ?? throw DorisErrors.UnknownTableInDb(stmt.Name.Name, db.Name);
        ctx.RequirePrivilege(Privilege.Alter, db, table);
        if (table is not View view)
        {
            throw DorisErrors.Generic($"The specified table [{stmt.Name.Name}] is not a view");
        }

        var definition = ViewDefinition.Qualify(ctx, db, stmt.Query);
        var columns = AnalyseView(ctx, db, definition, stmt.ColumnNames);
        view.Definition = definition;
        view.Columns = columns;
        view.UpdateTime = ctx.NowMs();
        var seq = ctx.State.NextJournalId();
        var record = new AlterViewInfo
        {
            DbId = db.Id,
            TableId = view.Id,
            InlineViewDef = definition,
            SqlMode = SessionSqlModeBits,
            NewFullSchema = columns.Select(c => new ColumnJson
            {
                Name = c.Name,
                Type = c.Type.ToSql(),
                IsAllowNull = c.IsAllowNull,
                Comment = c.Comment,
                UniqueId = c.UniqueId,
            }).ToList(),
        };
        ctx.State.RecordBinlog(db, TBinlogType.MODIFY_VIEW_DEF, [view], BinlogJson.Serialize(record), seq);
        return QueryResult.Ok();
    }

    /// <summary>
    /// Doris stores sql_mode as SqlModeHelper bits; its default session value ONLY_FULL_GROUP_BY is bit 5 (32), and
    /// minidoris does not let a session change it.
    /// </summary>
    private const long SessionSqlModeBits = 1L << 5;

    /// <summary>Runs the view's query once to validate it and learn its columns.</summary>
    private static List<Column> AnalyseView(StatementContext ctx, Database db, string definition, List<string>? columnNames)
    {
        var evalSession = ctx.Session;
        var previous = evalSession.CurrentDb;
        evalSession.CurrentDb = db.Name;
        QueryOutput output;
        try
        {
            var tokens = SqlTokenizer.Tokenize(definition);
            tokens.RemoveAt(tokens.Count - 1);
            output = ctx.Query.Run(evalSession, new SqlFragment(tokens, definition));
        }
        finally
        {
            evalSession.CurrentDb = previous;
        }

        var names = columnNames ?? output.Names.ToList();
        if (names.Count != output.Names.Count)
        {
            throw DorisErrors.Generic("The number of columns in the view definition does not match the number of columns in the view");
        }

        return names.Select((n, i) => new Column
        {
            Name = n,
            Type = output.Types[i] ?? new ColumnType(PrimitiveType.STRING),
            IsAllowNull = true,
            UniqueId = i,
        }).ToList();
    }
}
