using Syncer.Doris.Binlog.Records;
using Syncer.Doris.Thrift;

namespace Syncer.Engine.Binlogs;

/// <summary>
/// MODIFY_VIEW_DEF (17, ALTER VIEW): <c>ALTER VIEW `db`.`v` AS &lt;definition&gt;</c> on the target, the definition's
/// references to the source database rewritten to the target's. Idempotent, so a replay runs it again. A table job
/// replicates no view: it skips it (the view's id is never its table's).
/// </summary>
public sealed class ModifyViewDefHandler : IBinlogHandler
{
    /// <inheritdoc />
    public TBinlogType Type => TBinlogType.MODIFY_VIEW_DEF;

    /// <inheritdoc />
    public bool NeedsStartMarker => true;

    /// <inheritdoc />
    public async Task<BinlogOutcome> HandleAsync(BinlogContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var record = BinlogPayload.Read<AlterViewInfo>(context);
        BinlogPayload.Require(context, record.TableId != 0, "MODIFY_VIEW_DEF without tableId");
        BinlogPayload.Require(context, !string.IsNullOrWhiteSpace(record.InlineViewDef), "MODIFY_VIEW_DEF without inlineViewDef");
        var view = context.TargetTableOf(record.TableId);
        if (view is null) return BinlogPayload.OtherTable(context, record.TableId, null);
        var definition = ViewDefinition.Rewrite(record.InlineViewDef.Trim().TrimEnd(';'), context.SourceDatabase, context.TargetDatabase);
        return await TargetDdl.ExecuteAsync(context, "alter view", $"ALTER VIEW {context.QualifiedTarget(view)} AS {definition}", null, cancellationToken);
    }
}
