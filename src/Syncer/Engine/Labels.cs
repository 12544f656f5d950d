using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Syncer.Jobs;

namespace Syncer.Engine;

/// <summary>
/// Names the syncer gives things on the clusters. Transaction labels are derived from the job and the binlog's commit
/// seq, never random, so a re-run of an upsert after a crash meets its own label and is recognised as applied.
/// </summary>
public static class Labels
{
    /// <summary>
    /// <c>ccrj-&lt;job hash&gt;:table_sync:&lt;srcDb&gt;_&lt;srcTable&gt;:&lt;destDb&gt;_&lt;destTable&gt;:&lt;seq&gt;</c> — the Go syncer's shape
    /// with its random part replaced by a hash of the job name (Doris labels allow only [-_A-Za-z0-9:]).
    /// </summary>
    public static string Upsert(JobInfo job, long destTableId, long commitSeq) =>
        job.SyncType == SyncType.TableSync
            ? Invariant($"ccrj-{JobHash(job.Name)}:table_sync:{job.Src.DbId}_{job.Src.TableId}:{job.Dest.DbId}_{destTableId}:{commitSeq}")
            : Invariant($"ccrj-{JobHash(job.Name)}:db_sync:{job.Src.DbId}:{job.Dest.DbId}:{commitSeq}");

    /// <summary>Full snapshot name <c>ccrs_&lt;db&gt;_&lt;table&gt;_&lt;unix seconds&gt;</c> (Go's shape; names outside Doris's label alphabet are folded).</summary>
    public static string FullSnapshot(JobInfo job, DateTimeOffset now) =>
        Invariant($"ccrs_{Fold(job.Src.Database)}_{Fold(job.Src.Table)}_{now.ToUnixTimeSeconds()}");

    /// <summary>Partial snapshot name <c>ccrp_&lt;db&gt;_&lt;table&gt;_&lt;unix seconds&gt;</c>.</summary>
    public static string PartialSnapshot(JobInfo job, string table, DateTimeOffset now) =>
        Invariant($"ccrp_{Fold(job.Src.Database)}_{Fold(table)}_{now.ToUnixTimeSeconds()}");

    /// <summary>Restore label <c>&lt;snapshot&gt;_r_&lt;unix seconds&gt;</c>.</summary>
    public static string Restore(string snapshot, DateTimeOffset now) => Invariant($"{snapshot}_r_{now.ToUnixTimeSeconds()}");

    /// <summary>Temporary table a restore goes into before it is swapped in: <c>__ccr_&lt;table&gt;_&lt;unix seconds&gt;</c>.</summary>
    public static string Alias(string table, DateTimeOffset now) => Invariant($"__ccr_{table}_{now.ToUnixTimeSeconds()}");

    /// <summary>
    /// The prefixes of this job's own backups and restores (for cancelling its stale ones). Narrower than the Go syncer's
    /// <c>ccrs_&lt;db&gt;</c>, which also matched other jobs' restores and databases sharing a name prefix.
    /// </summary>
    public static IReadOnlyList<string> JobSnapshotPrefixes(JobInfo job) =>
        job.SyncType == SyncType.TableSync
            ? [$"ccrs_{Fold(job.Src.Database)}_{Fold(job.Src.Table)}_", $"ccrp_{Fold(job.Src.Database)}_{Fold(job.Src.Table)}_"]
            // A database job owns its target database: its full snapshots are ccrs_<db>__<ts>, its partial ones ccrp_<db>_<table>_<ts>.
            : [$"ccrs_{Fold(job.Src.Database)}__", $"ccrp_{Fold(job.Src.Database)}_"];

    private static string JobHash(string name) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(name)).AsSpan(0, 4));

    // Doris checks labels against [-_A-Za-z0-9:]; anything else (unicode, backquotes) becomes '_'.
    private static string Fold(string name) =>
        string.Concat(name.Select(c => c is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or (>= '0' and <= '9') or '_' or '-' ? c : '_'));

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
