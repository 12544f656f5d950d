using Microsoft.Extensions.Logging;
using Syncer.Configuration;
using Syncer.Doris.Sql;
using Syncer.Doris.Thrift;
using Syncer.Jobs;

namespace Syncer.Engine.Binlogs;

/// <summary>Everything a <see cref="IBinlogHandler"/> may use to apply one binlog.</summary>
public sealed class BinlogContext
{
    /// <summary>The binlog (after a BARRIER was unwrapped: its inner type and payload).</summary>
    public required TBinlog Binlog { get; init; }

    /// <summary>The binlog's commit seq.</summary>
    public long CommitSeq => Binlog.CommitSeq ?? 0;

    /// <summary>The payload JSON (empty when the FE sent none).</summary>
    public string Data => Binlog.Data ?? "";

    /// <summary>The job's definition (source and target clusters, names and ids).</summary>
    public required JobInfo Job { get; init; }

    /// <summary>The job's persisted progress as it was before this binlog.</summary>
    public required JobProgress Progress { get; init; }

    /// <summary>
    /// True when this binlog may already have taken effect on the target: a previous attempt persisted its start and
    /// then crashed, was killed or failed. A handler checks the target state before acting again, so a replayed
    /// DDL that already took effect is recognised as applied instead of failing forever.
    /// </summary>
    public required bool IsReplay { get; init; }

    /// <summary>A SQL session to the target FE (statements name the database explicitly).</summary>
    public required IDorisSqlSession Target { get; init; }

    /// <summary>The feature switches of this instance.</summary>
    public required FeatureFlags Features { get; init; }

    /// <summary>The job's logger (already scoped with the job name).</summary>
    public required ILogger Logger { get; init; }

    /// <summary>The target database.</summary>
    public string TargetDatabase => Job.Dest.Database;

    /// <summary>The source database.</summary>
    public string SourceDatabase => Job.Src.Database;

    /// <summary>Whether this is a database job (every table of the source database).</summary>
    public bool IsDatabaseSync => Job.SyncType == SyncType.DbSync;

    /// <summary>
    /// The target table a source table id maps to, or null when the binlog is not this job's concern. A table job maps its
    /// one source table to <c>dest.table</c>; a database job looks the id up in the progress table map (the runner
    /// maps the binlog's tables by name before calling the handler, so null there means the table is gone from the
    /// source, or is not replicated by this job).
    /// </summary>
    public string? TargetTableOf(long sourceTableId, string? sourceTableName = null)
    {
        if (Job.SyncType == SyncType.TableSync)
            return sourceTableId == Job.Src.TableId || (Job.Src.TableId == 0 && sourceTableName == Job.Src.Table) ? Job.Dest.Table : null;
        return Progress.TableNames is { } names && names.TryGetValue(sourceTableId, out var name) ? name : null;
    }

    /// <summary>The target table id a source table id maps to (table job: <c>dest.table_id</c>), or null.</summary>
    public long? TargetTableIdOf(long sourceTableId)
    {
        if (Job.SyncType == SyncType.TableSync) return sourceTableId == Job.Src.TableId ? Job.Dest.TableId : null;
        return Progress.TableMapping is { } ids && ids.TryGetValue(sourceTableId, out var id) ? id : null;
    }

    /// <summary>
    /// The source table's name as a partial sync backs it up: the job's table for a table job; for a database job the
    /// mapped name (names are the same on both sides), else <paramref name="fallback"/> from the payload.
    /// </summary>
    public string SourceTableName(long sourceTableId, string? fallback = null) =>
        Job.SyncType == SyncType.TableSync ? Job.Src.Table : TargetTableOf(sourceTableId) ?? fallback ?? "";

    /// <summary><c>`db`.`table`</c> on the target.</summary>
    public string QualifiedTarget(string table) => $"{DorisSql.Identifier(TargetDatabase)}.{DorisSql.Identifier(table)}";
}
