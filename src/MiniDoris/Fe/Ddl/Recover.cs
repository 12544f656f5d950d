using MiniDoris.Fe.Auth;
using MiniDoris.Fe.Binlog;
using MiniDoris.Fe.Catalog;
using MiniDoris.Fe.Load;
using MiniDoris.Fe.Qe;
using MiniDoris.Fe.Sql.Ast;
using Syncer.Doris.Binlog.Records;
using Syncer.Doris.Thrift;

namespace MiniDoris.Fe.Ddl;

/// <summary>
/// RECOVER DATABASE/TABLE/PARTITION from the recycle bin (Doris's CatalogRecycleBin.recoverXxx): the newest dropped
/// object of that name comes back with its ids, tablets and data, optionally renamed. Recovering a table or partition
/// logs a RecoverInfo that becomes a RECOVER_INFO binlog; recovering a database does not (its RecoverInfo has no table
/// name, which Doris's BinlogManager skips).
/// </summary>
internal static class Recover
{
    public static QueryResult Execute(StatementContext ctx, RecoverStmt stmt) => stmt.Kind switch
    {
        "DATABASE" => RecoverDatabase(ctx, stmt),
        "TABLE" => RecoverTable(ctx, stmt),
        _ => RecoverPartition(ctx, stmt),
    };

    /// <summary>Erases what has waited in the recycle bin longer than catalog_trash_expire_second.</summary>
    public static void EraseExpired(ClusterState state)
    {
        var bin = state.Image.RecycleBin;
        var horizon = state.NowMs() - RecycleBin.ExpireMs;
        foreach (var d in bin.Databases.Where(d => d.RecycleTime <= horizon).ToList())
        {
            bin.Databases.Remove(d);
            foreach (var t in d.Db.OlapTables)
            {
                LoadStorage.DeleteTableData(state, t);
            }

            state.Dirty = true;
        }

        foreach (var t in bin.Tables.Where(t => t.RecycleTime <= horizon).ToList())
        {
            bin.Tables.Remove(t);
            if (t.Table is OlapTable olap)
            {
                LoadStorage.DeleteTableData(state, olap);
            }

            state.Dirty = true;
        }

        foreach (var p in bin.Partitions.Where(p => p.RecycleTime <= horizon).ToList())
        {
            bin.Partitions.Remove(p);
            LoadStorage.DeletePartitionData(state, p.Partition);
            state.Dirty = true;
        }
    }

    private static QueryResult RecoverDatabase(StatementContext ctx, RecoverStmt stmt)
    {
        ctx.RequireAdmin();
        var bin = ctx.State.Image.RecycleBin;
        var entry = bin.Databases.Where(d => d.Db.Name == stmt.Name.Name).MaxBy(d => d.RecycleTime)
            ?? throw DorisErrors.Generic($"Unknown database '{stmt.Name.Name}' or database id '-1'");
        var name = stmt.NewName ?? entry.Db.Name;
        if (ctx.State.FindDb(name) is not null)
        {
            throw DorisErrors.DatabaseExists(name);
        }

        bin.Databases.Remove(entry);
        entry.Db.Name = name;
        ctx.State.Image.Databases.Add(entry.Db);
        ctx.State.InvalidateIndexes();
        ctx.State.NextJournalId();
        return QueryResult.Ok();
    }

    private static QueryResult RecoverTable(StatementContext ctx, RecoverStmt stmt)
    {
        var db = ctx.ResolveDb(stmt.Name.Db);
        ctx.RequirePrivilege(Privilege.Alter, db);
        var bin = ctx.State.Image.RecycleBin;
        var entry = bin.Tables.Where(t => t.DbId == db.Id && t.Table.Name == stmt.Name.Name).MaxBy(t => t.RecycleTime)
            ?? throw DorisErrors.Generic($"Unknown table '{stmt.Name.Name}' or table id '-1' in {db.Name}");
        var table = entry.Table;
        var oldName = table.Name;
        var name = stmt.NewName ?? oldName;
        if (stmt.NewName is not null)
        {
            NameValidator.CheckTableName(name);
        }

        if (db.FindTable(name) is not null)
        {
            throw DorisErrors.TableExists(name);
        }

        bin.Tables.Remove(entry);
        table.Name = name;
        if (table is OlapTable olap)
        {
            olap.BaseIndex.Name = name;
        }

        db.Tables.Add(table);
        ctx.State.InvalidateIndexes();
        var seq = ctx.State.NextJournalId();
        var record = new RecoverInfo
        {
            DbId = db.Id,
            TableId = table.Id,
            TableName = oldName,
            NewTableName = stmt.NewName ?? string.Empty,
        };
        ctx.State.RecordBinlog(db, TBinlogType.RECOVER_INFO, [table], BinlogJson.Serialize(record), seq);

        // A recovered table is no longer dropped for getMeta (Doris's DBBinlog clears its dropped entry).
        ctx.State.Binlogs.FindDb(db.Id)?.DroppedTables.RemoveAll(d => d.Id == table.Id);
        return QueryResult.Ok();
    }

    private static QueryResult RecoverPartition(StatementContext ctx, RecoverStmt stmt)
    {
        var (db, table) = ctx.ResolveOlapTable(stmt.Name);
        ctx.RequirePrivilege(Privilege.Alter, db, table);
        var bin = ctx.State.Image.RecycleBin;
        var entry = bin.Partitions.Where(p => p.DbId == db.Id && p.TableId == table.Id && p.Partition.Name == stmt.Partition)
            .MaxBy(p => p.RecycleTime)
            ?? throw DorisErrors.Generic($"No partition named '{stmt.Partition}' or partition id '-1' in table {table.Name}");
        var partition = entry.Partition;
        var name = stmt.NewName ?? partition.Name;
        if (stmt.NewName is not null)
        {
            NameValidator.CheckPartitionName(name);
        }

        if (table.FindPartition(name, false) is not null)
        {
            throw DorisErrors.Generic($"Partition[{name}] already exist in table[{table.Name}]");
        }

        var types = table.PartitionColumnTypes();
        if (partition.Item is { } item && table.Partitions.Any(p => p.Item is { } other && Intersects(item, other, types)))
        {
            throw DorisErrors.Generic($"Can not recover partition[{partition.Name}]. Range conflict.");
        }

        // The partition's indexes must still be the table's: after a schema change its tablets no longer fit.
        if (!partition.Indexes.Select(i => i.Id).Order().SequenceEqual(table.Indexes.Where(i => !i.IsShadow).Select(i => i.Id).Order()))
        {
            throw DorisErrors.Generic($"table's index not equal with partition's index. table[{table.Name}]. partition[{partition.Name}]");
        }

        bin.Partitions.Remove(entry);
        var oldName = partition.Name;
        partition.Name = name;
        table.Partitions.Add(partition);
        table.UpdateTime = ctx.NowMs();
        ctx.State.InvalidateIndexes();
        var seq = ctx.State.NextJournalId();
        var record = new RecoverInfo
        {
            DbId = db.Id,
            TableId = table.Id,
            TableName = table.Name,
            PartitionId = partition.Id,
            PartitionName = oldName,
            NewPartitionName = stmt.NewName ?? string.Empty,
        };
        ctx.State.RecordBinlog(db, TBinlogType.RECOVER_INFO, [table], BinlogJson.Serialize(record), seq);
        ctx.State.Binlogs.FindDb(db.Id)?.DroppedPartitions.RemoveAll(d => d.Id == partition.Id);
        return QueryResult.Ok();
    }

    private static bool Intersects(PartitionItem a, PartitionItem b, IReadOnlyList<ColumnType> types) => (a, b) switch
    {
        (RangePartitionItem ra, RangePartitionItem rb) => ra.Intersects(rb, types),
        (ListPartitionItem la, ListPartitionItem lb) => la.Keys.Any(lb.Contains),
        _ => false,
    };
}
