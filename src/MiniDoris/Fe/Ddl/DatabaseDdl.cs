using MiniDoris.Fe.Auth;
using MiniDoris.Fe.Binlog;
using Syncer.Doris.Binlog.Records;
using MiniDoris.Fe.Catalog;
using MiniDoris.Fe.Load;
using MiniDoris.Fe.Qe;
using MiniDoris.Fe.Sql.Ast;
using Syncer.Doris.Thrift;

namespace MiniDoris.Fe.Ddl;

/// <summary>CREATE/DROP/ALTER DATABASE.</summary>
internal static class DatabaseDdl
{
    public static QueryResult Create(StatementContext ctx, CreateDatabaseStmt stmt)
    {
        ctx.RequirePrivilege(Privilege.Create);
        if (ctx.State.FindDb(stmt.Name) is not null)
        {
            return stmt.IfNotExists ? QueryResult.Ok() : throw DorisErrors.DatabaseExists(stmt.Name);
        }

        NameValidator.CheckDatabaseName(stmt.Name);
        var db = new Database { Name = stmt.Name, CreateTime = ctx.NowMs() };
        ApplyProperties(ctx, db, stmt.Properties);
        db.Id = ctx.State.NextId();
        ctx.State.Image.Databases.Add(db);
        ctx.State.NextJournalId();
        return QueryResult.Ok();
    }

    public static QueryResult Drop(StatementContext ctx, DropDatabaseStmt stmt)
    {
        var db = ctx.State.FindDb(stmt.Name);
        if (db is null)
        {
            return stmt.IfExists ? QueryResult.Ok() : throw DorisErrors.DropMissingDatabase(stmt.Name);
        }

        ctx.RequirePrivilege(Privilege.Drop, db);
        if (stmt.Force)
        {
            foreach (var table in db.OlapTables)
            {
                LoadStorage.DeleteTableData(ctx.State, table);
            }
        }
        else
        {
            ctx.State.Image.RecycleBin.Databases.Add(new RecycledDatabase { Db = db, RecycleTime = ctx.NowMs() });
        }

        ctx.State.Image.Databases.Remove(db);
        ctx.State.InvalidateIndexes();
        ctx.State.NextJournalId();
        if (ctx.Session.CurrentDb == db.Name)
        {
            ctx.Session.CurrentDb = null;
        }

        return QueryResult.Ok();
    }

    public static QueryResult AlterProperties(StatementContext ctx, AlterDatabasePropertiesStmt stmt)
    {
        var db = ctx.State.GetDb(stmt.Name);
        ctx.RequirePrivilege(Privilege.Alter, db);
        var binlogProps = stmt.Properties.Where(p => BinlogConfig.IsBinlogKey(p.Key)).ToList();
        if (binlogProps.Count > 0)
        {
            if (!ctx.FeatureBinlogEnabled)
            {
                throw DorisErrors.Generic("Binlog feature is not enabled");
            }

            var updated = db.BinlogConfig.Clone();
            updated.MergeFrom(binlogProps);
            if (updated.Enable && !db.BinlogConfig.Enable)
            {
                // Doris refuses to turn db binlog on while a table of the db still has it off.
                var off = db.OlapTables.FirstOrDefault(t => !t.BinlogConfig.Enable);
                if (off is not null)
                {
                    throw DorisErrors.Generic($"binlog is not enable in table[{off.Name}] in db [{db.Name}]");
                }
            }

            db.BinlogConfig = updated;
            db.HasBinlogProperties = true;
        }

        foreach (var p in stmt.Properties.Where(p => !BinlogConfig.IsBinlogKey(p.Key)))
        {
            db.ExtraProperties.RemoveAll(e => e.Key.Equals(p.Key, StringComparison.OrdinalIgnoreCase));
            db.ExtraProperties.Add(p);
        }

        var seq = ctx.State.NextJournalId();
        var record = new AlterDatabasePropertyInfo
        {
            DbId = db.Id,
            DbName = db.Name,
            Properties = stmt.Properties.ToDictionary(p => p.Key, p => p.Value),
        };
        ctx.State.RecordBinlog(db, TBinlogType.ALTER_DATABASE_PROPERTY, [], BinlogJson.Serialize(record), seq);
        return QueryResult.Ok();
    }

    private static void ApplyProperties(StatementContext ctx, Database db, List<KeyValuePair<string, string>> properties)
    {
        var binlogProps = properties.Where(p => BinlogConfig.IsBinlogKey(p.Key)).ToList();
        if (binlogProps.Count > 0)
        {
            if (!ctx.FeatureBinlogEnabled)
            {
                throw DorisErrors.Generic("Binlog feature is not enabled");
            }

            db.BinlogConfig.MergeFrom(binlogProps);
            db.HasBinlogProperties = true;
        }

        db.ExtraProperties.AddRange(properties.Where(p => !BinlogConfig.IsBinlogKey(p.Key)));
    }
}
