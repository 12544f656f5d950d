using System.Globalization;
using Syncer.Doris.Binlog.Records;
using Syncer.Doris.Thrift;
using Syncer.Jobs;

namespace Syncer.Engine.Binlogs;

/// <summary>
/// ALTER_JOB (5), one state of a schema change or rollup job on the source (wire-contract §5.6). Nothing is executed on
/// the target: a PENDING job's shadow indexes are remembered so upserts into them are skipped, a CANCELLED job's are
/// forgotten, a FINISHED schema change is a partial sync of the whole table (its shadow ids forgotten in the same
/// write, since they now name the table's real indexes) and a FINISHED rollup a full sync. Other states change nothing.
/// </summary>
public sealed class AlterJobHandler : IBinlogHandler
{
    private const string SchemaChange = "SCHEMA_CHANGE";
    private const string Rollup = "ROLLUP";

    /// <inheritdoc />
    public TBinlogType Type => TBinlogType.ALTER_JOB;

    /// <inheritdoc />
    public bool NeedsStartMarker => false;

    /// <inheritdoc />
    public Task<BinlogOutcome> HandleAsync(BinlogContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var record = BinlogPayload.Read<AlterJobRecord>(context);
        BinlogPayload.Require(context, record.TableId != 0, "ALTER_JOB without tableId");
        BinlogPayload.Require(context, record.TableName.Length > 0, "ALTER_JOB without tableName");
        if (context.TargetTableOf(record.TableId, record.TableName) is null)
        {
            return Task.FromResult(BinlogPayload.OtherTable(context, record.TableId, record.TableName));
        }
        var outcome = Decide(record, context.Features.SchemaChangePartialSync);
        if (context.IsDatabaseSync && outcome is BinlogOutcome.FullSyncNeeded full)
        {
            // A database job restores just this table, and its finished job's indexes stop being shadows (a rollup's id
            // left in the shadow map would keep every later load out of the rollup).
            var shadows = ShadowIndexes(record);
            outcome = new BinlogOutcome.PartialSyncNeeded(
                new PartialSyncData { TableId = record.TableId, Table = context.TargetTableOf(record.TableId) ?? record.TableName },
                full.Reason, p => RemoveShadows(p, shadows.Keys));
        }
        return Task.FromResult(outcome);
    }

    /// <summary>The outcome for one alter job record (pure).</summary>
    public static BinlogOutcome Decide(AlterJobRecord record, bool schemaChangePartialSync)
    {
        ArgumentNullException.ThrowIfNull(record);
        var shadows = ShadowIndexes(record);
        var job = string.Create(CultureInfo.InvariantCulture, $"{record.Type} job {record.JobId} on {record.TableName}");
        var isSchemaChange = string.Equals(record.Type, SchemaChange, StringComparison.OrdinalIgnoreCase);
        var isRollup = string.Equals(record.Type, Rollup, StringComparison.OrdinalIgnoreCase);
        if (!isSchemaChange && !isRollup) return new BinlogOutcome.Skipped($"{job}: unknown alter job type");

        switch (record.JobState.ToUpperInvariant())
        {
            case "PENDING":
                return shadows.Count == 0
                    ? new BinlogOutcome.Skipped($"{job} pending without shadow indexes")
                    : new BinlogOutcome.Applied(p => AddShadows(p, shadows));
            case "CANCELLED":
                return new BinlogOutcome.Applied(p => RemoveShadows(p, shadows.Keys));
            case "FINISHED" when isSchemaChange && schemaChangePartialSync:
                return new BinlogOutcome.PartialSyncNeeded(
                    new PartialSyncData { TableId = record.TableId, Table = record.TableName },
                    $"{job} finished: the table is restored whole",
                    p => RemoveShadows(p, shadows.Keys));
            case "FINISHED":
                // A full sync rebuilds the table; the shadow map is reset with the rest of the incremental state.
                return new BinlogOutcome.FullSyncNeeded($"{job} finished");
            default:
                return new BinlogOutcome.Skipped($"{job} is {record.JobState}");
        }
    }

    /// <summary>Shadow index id → origin index id: <c>iim</c> for a schema change, the rollup index → its base for a rollup.</summary>
    private static Dictionary<long, long> ShadowIndexes(AlterJobRecord record)
    {
        var shadows = record.ShadowToOriginIndex is null ? [] : new Dictionary<long, long>(record.ShadowToOriginIndex);
        // Doris writes rollupIndexId 0 for schema changes (a Gson primitive).
        if (record.RollupIndexId > 0) shadows[record.RollupIndexId] = record.BaseIndexId;
        return shadows;
    }

    private static JobProgress AddShadows(JobProgress progress, IReadOnlyDictionary<long, long> shadows)
    {
        var map = progress.ShadowIndexMap is null ? new Dictionary<long, long>() : new Dictionary<long, long>(progress.ShadowIndexMap);
        foreach (var (shadow, origin) in shadows) map[shadow] = origin;
        return progress with { ShadowIndexMap = map };
    }

    private static JobProgress RemoveShadows(JobProgress progress, IEnumerable<long> shadows)
    {
        if (progress.ShadowIndexMap is null) return progress;
        var map = new Dictionary<long, long>(progress.ShadowIndexMap);
        foreach (var shadow in shadows) map.Remove(shadow);
        return progress with { ShadowIndexMap = map.Count == 0 ? null : map };
    }
}
