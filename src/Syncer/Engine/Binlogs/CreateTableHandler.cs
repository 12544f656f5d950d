using Microsoft.Extensions.Logging;
using Syncer.Doris.Binlog.Records;
using Syncer.Doris.Sql;
using Syncer.Doris.Thrift;
using Syncer.Engine.Database;
using Syncer.Jobs;

namespace Syncer.Engine.Binlogs;

/// <summary>
/// CREATE_TABLE (2), a database-level binlog carrying the new table's or view's SHOW CREATE text. A table sync skips it
/// (another table's creation; the Go syncer fails the job on it). A database sync runs the statement in the target
/// database (a view's references to the source database rewritten to the target's, a view of the same name dropped
/// first) and maps the new table. A target table already holding the name outside a replay is another table (created
/// by hand, or left from an earlier job): the source table is restored over it by a partial sync instead of failing.
/// </summary>
public sealed class CreateTableHandler : IBinlogHandler
{
    /// <inheritdoc />
    public TBinlogType Type => TBinlogType.CREATE_TABLE;

    /// <inheritdoc />
    public bool NeedsStartMarker => true;

    /// <inheritdoc />
    public async Task<BinlogOutcome> HandleAsync(BinlogContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var record = BinlogPayload.Read<CreateTableRecord>(context);
        if (!context.IsDatabaseSync)
        {
            return new BinlogOutcome.Skipped($"table sync: creation of {record.TableName}#{record.TableId} is not replicated");
        }
        BinlogPayload.Require(context, record.TableId != 0, "CREATE_TABLE without tableId");
        BinlogPayload.Require(context, !string.IsNullOrWhiteSpace(record.Sql), "CREATE_TABLE without sql");
        CreateTableStatement.Parsed statement;
        try
        {
            statement = CreateTableStatement.Build(record.Sql, context.SourceDatabase, context.TargetDatabase);
        }
        catch (FormatException e)
        {
            throw SyncException.Permanent($"binlog {context.CommitSeq}: {e.Message}", e);
        }
        var name = record.TableName.Length > 0 ? record.TableName : statement.Name;
        if (!JobTableScope.Includes(context.Job, name)) return BinlogPayload.NotReplicated(context, record.TableId, name);

        var dbId = context.Job.Dest.DbId;
        var existing = await DbCatalog.FindAsync(context.Target, dbId, name, cancellationToken);
        if (existing is not null && statement.IsView)
        {
            // A view's definition may differ: it is replaced (the Go syncer's feature_create_view_drop_exists).
            await context.Target.ExecuteAsync($"DROP VIEW IF EXISTS {context.QualifiedTarget(name)}", cancellationToken);
            existing = null;
        }
        if (existing is not null && !context.IsReplay)
        {
            return new BinlogOutcome.PartialSyncNeeded(new PartialSyncData { TableId = record.TableId, Table = name },
                $"target database already has a table {name}; the source's replaces it");
        }
        if (existing is null)
        {
            var outcome = await TargetDdl.ExecuteAsync(context, statement.IsView ? "create view" : "create table", statement.Sql,
                async ct => await DbCatalog.FindAsync(context.Target, dbId, name, ct) is not null, cancellationToken);
            if (outcome is not BinlogOutcome.Applied) return outcome;
        }
        if (!statement.IsView)
        {
            // Like a restored table, a replicated one is marked as written by the syncer until desync (also on a replay:
            // the earlier attempt may have died between the two statements).
            await context.Target.ExecuteAsync($"ALTER TABLE {context.QualifiedTarget(name)} SET (\"is_being_synced\" = \"true\")", cancellationToken);
        }
        var created = await DbCatalog.FindAsync(context.Target, dbId, name, cancellationToken)
            ?? throw SyncException.Transient($"target {name} not found after CREATE");
        context.Logger.LogInformation("binlog {CommitSeq}: created {Kind} {Name} on the target (#{TargetId})", context.CommitSeq,
            statement.IsView ? "view" : "table", name, created.Id);
        return new BinlogOutcome.Applied(p => DbTableMap.Map(p, record.TableId, name, created.Id));
    }
}

/// <summary>Rewrites a CREATE_TABLE payload's statement for the target database (pure).</summary>
public static class CreateTableStatement
{
    /// <summary>The statement to run, the object's name, and whether it is a view.</summary>
    public sealed record Parsed(string Sql, string Name, bool IsView);

    /// <summary>
    /// <c>CREATE [EXTERNAL] TABLE|VIEW [IF NOT EXISTS] name …</c> with the name qualified as <c>`targetDb`.`name`</c> (the
    /// target session has no default database). In a view, <c>`internal`.`srcDb`.</c> and <c>`default_cluster:srcDb`.</c>
    /// (Doris 2.0) become <c>`internal`.`targetDb`.</c>, so the view reads the target's tables.
    /// </summary>
    /// <exception cref="FormatException">Not a CREATE TABLE or CREATE VIEW statement.</exception>
    public static Parsed Build(string sql, string sourceDatabase, string targetDatabase)
    {
        ArgumentNullException.ThrowIfNull(sql);
        var text = sql.Trim().TrimEnd(';').TrimEnd();
        var create = SqlText.IndexOfKeywords(text, false, "CREATE");
        if (create != 0) throw new FormatException($"CREATE_TABLE sql is not a CREATE statement: {sql}");
        var isView = SqlText.IndexOfKeywords(text, false, "CREATE", "VIEW") == 0
            || SqlText.IndexOfKeywords(text, false, "CREATE", "OR", "REPLACE", "VIEW") == 0;
        var keyword = isView ? "VIEW" : "TABLE";
        var after = SqlText.IndexOfKeywords(text, false, keyword);
        if (after < 0) throw new FormatException($"CREATE_TABLE sql has no {keyword}: {sql}");
        after += keyword.Length;
        var ifNotExists = SqlText.IndexOfKeywords(text[after..], false, "IF", "NOT", "EXISTS");
        if (ifNotExists >= 0 && text[after..(after + ifNotExists)].Trim().Length == 0) after += ifNotExists + "IF NOT EXISTS".Length;
        var name = SqlText.ReadQualifiedName(text, after) ?? throw new FormatException($"CREATE_TABLE sql names no table: {sql}");
        var table = name.Parts[^1];
        var body = text[name.End..];
        if (isView) body = ViewDefinition.Rewrite(body, sourceDatabase, targetDatabase);
        return new Parsed($"{text[..name.Start]}{DorisSql.Identifier(targetDatabase)}.{DorisSql.Identifier(table)}{body}", table, isView);
    }
}

/// <summary>A view's SQL moved from the source database to the target's (pure).</summary>
public static class ViewDefinition
{
    /// <summary>References to <c>`internal`.`source`.</c> or <c>`default_cluster:source`.</c> become <c>`internal`.`target`.</c>.</summary>
    public static string Rewrite(string sql, string sourceDatabase, string targetDatabase)
    {
        ArgumentNullException.ThrowIfNull(sql);
        var target = $"`internal`.{DorisSql.Identifier(targetDatabase)}.";
        return sql
            .Replace($"`internal`.{DorisSql.Identifier(sourceDatabase)}.", target, StringComparison.Ordinal)
            .Replace($"{DorisSql.Identifier("default_cluster:" + sourceDatabase)}.", target, StringComparison.Ordinal);
    }
}
