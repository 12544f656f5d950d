using System.Globalization;
using System.Text.Json;
using Syncer.Doris.Binlog.Records;

namespace Syncer.Engine.Binlogs;

/// <summary>Payload reading and the "not this job's table" check every table-scope handler starts with.</summary>
internal static class BinlogPayload
{
    /// <summary>Reads the payload as <typeparamref name="T"/>; a malformed one is a permanent failure (retrying cannot fix it).</summary>
    public static T Read<T>(BinlogContext context) where T : class
    {
        try
        {
            return BinlogJson.Deserialize<T>(context.Data);
        }
        catch (JsonException e)
        {
            throw SyncException.Permanent($"binlog {context.CommitSeq} ({context.Binlog.Type}): malformed {typeof(T).Name} payload: {e.Message}", e);
        }
    }

    /// <summary>Fails permanently when a required payload field is missing, as the Go syncer's record parsers do.</summary>
    public static void Require(BinlogContext context, bool condition, string what)
    {
        if (!condition) throw SyncException.Permanent($"binlog {context.CommitSeq} ({context.Binlog.Type}): {what}");
    }

    /// <summary>
    /// The outcome for a binlog of a table this job does not replicate: <see cref="BinlogOutcome.Filtered"/> (counted) when
    /// the database job's include/exclude filter leaves <paramref name="tableName"/> out, otherwise skipped.
    /// </summary>
    public static BinlogOutcome NotReplicated(BinlogContext context, long tableId, string? tableName) =>
        tableName is { Length: > 0 } && Database.JobTableScope.FilterExcludes(context.Job, tableName)
            ? new BinlogOutcome.Filtered(string.Create(CultureInfo.InvariantCulture,
                $"{context.Binlog.Type} of source table {tableName}#{tableId}: outside the job's include_tables/exclude_tables"))
            : OtherTable(context, tableId, tableName);

    /// <summary>The outcome for a binlog of a table this job does not replicate.</summary>
    public static BinlogOutcome OtherTable(BinlogContext context, long tableId, string? tableName) =>
        new BinlogOutcome.Skipped(string.Create(CultureInfo.InvariantCulture,
            $"{context.Binlog.Type} of source table {tableName ?? ""}#{tableId}, not replicated by this job"));
}
