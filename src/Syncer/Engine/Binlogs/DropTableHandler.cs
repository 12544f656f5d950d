using Syncer.Doris.Binlog.Records;
using Syncer.Doris.Thrift;
using Syncer.Engine.Database;

namespace Syncer.Engine.Binlogs;

/// <summary>
/// DROP_TABLE (4), a database-level binlog for tables and views. A table sync skips it (another table's drop is none of
/// its business; its own table's drop shows up as a missing table). A database sync drops the mapped target table
/// (<c>FORCE</c>, as the Go syncer: a recovery on the source is replayed by restoring the table) or view, and forgets
/// the mapping. A target that no longer has it counts as dropped, so a replay is harmless. With <c>drop_policy: keep</c>
/// the target table stays and only the mapping is forgotten.
/// </summary>
public sealed class DropTableHandler : IBinlogHandler
{
    /// <inheritdoc />
    public TBinlogType Type => TBinlogType.DROP_TABLE;

    /// <inheritdoc />
    public bool NeedsStartMarker => true;

    /// <inheritdoc />
    public async Task<BinlogOutcome> HandleAsync(BinlogContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var record = BinlogPayload.Read<DropTableRecord>(context);
        if (!context.IsDatabaseSync)
        {
            return new BinlogOutcome.Skipped($"table sync: drop of {record.TableName}#{record.TableId} is not replicated");
        }
        var name = context.TargetTableOf(record.TableId) ?? (record.TableName.Length > 0 ? record.TableName : null);
        if (name is null || !JobTableScope.Includes(context.Job, name)) return BinlogPayload.NotReplicated(context, record.TableId, name ?? record.TableName);
        if (context.IsNameOfAnotherTable(record.TableId, name))
        {
            return new BinlogOutcome.Skipped($"{name} on the target is another source table now (#{record.TableId} was dropped and the name reused)");
        }
        if (context.Job.DropPolicy == Jobs.DropPolicy.Keep)
            return new BinlogOutcome.Kept($"drop_policy is keep: table {name} stays on the target (no longer synced)", p => DbTableMap.Unmap(p, record.TableId));
        var existing = await DbCatalog.FindAsync(context.Target, context.Job.Dest.DbId, name, cancellationToken);
        if (existing is not null)
        {
            var sql = existing.IsView
                ? $"DROP VIEW IF EXISTS {context.QualifiedTarget(name)}"
                : $"DROP TABLE IF EXISTS {context.QualifiedTarget(name)} FORCE";
            var outcome = await TargetDdl.ExecuteAsync(context, existing.IsView ? "drop view" : "drop table", sql, null, cancellationToken);
            if (outcome is not BinlogOutcome.Applied) return outcome;
        }
        return new BinlogOutcome.Applied(p => DbTableMap.Unmap(p, record.TableId));
    }
}
