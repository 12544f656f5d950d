using System.Globalization;
using Syncer.Doris.Sql;
using Syncer.Tests.Support;

namespace Syncer.Tests.Engine;

/// <summary>Shared steps of the engine's end-to-end tests: a source table, a job on it, and "target equals source" row for row.</summary>
public static class TableSyncChecks
{
    /// <summary>How long a test waits for the target to catch up before it fails with the syncer's log.</summary>
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    /// <summary>Creates <c>db.table (id INT, v INT)</c> with binlog on, in <paramref name="model"/>, and loads <paramref name="rows"/>.</summary>
    public static async Task CreateSourceAsync(MiniDorisCluster src, string db, string table, string model = "DUPLICATE KEY(id)", string aggregate = "",
        int buckets = 2, params string[] rows)
    {
        await src.ExecuteAsync(
            $"CREATE DATABASE IF NOT EXISTS {DorisSql.Identifier(db)}",
            $"CREATE TABLE {DorisSql.Identifier(db)}.{DorisSql.Identifier(table)} (id INT, v INT {aggregate}) {model} "
            + $"DISTRIBUTED BY HASH(id) BUCKETS {buckets.ToString(CultureInfo.InvariantCulture)} PROPERTIES (\"replication_num\" = \"1\", {MiniDorisCluster.BinlogOn})");
        if (rows.Length > 0) await src.ExecuteAsync($"INSERT INTO {DorisSql.Identifier(db)}.{DorisSql.Identifier(table)} VALUES {string.Join(", ", rows)}");
    }

    /// <summary>Waits until the target table holds exactly the source table's rows (and fails with <paramref name="log"/> otherwise).</summary>
    public static async Task WaitEqualAsync(MiniDorisCluster src, string srcDb, string srcTable, MiniDorisCluster dest, string destDb, string destTable,
        Func<string> log)
    {
        IReadOnlyList<string> expected = [];
        IReadOnlyList<string> actual = [];
        try
        {
            await Eventually.UntilAsync(async () =>
            {
                expected = await RowsAsync(src, srcDb, srcTable);
                try
                {
                    actual = await RowsAsync(dest, destDb, destTable);
                }
                catch (DorisSqlException)
                {
                    return false;
                }
                return expected.SequenceEqual(actual);
            }, Patience, $"{destDb}.{destTable} equal to {srcDb}.{srcTable}");
        }
        catch (TimeoutException)
        {
            Assert.Fail($"target rows [{string.Join(" ", actual)}] != source rows [{string.Join(" ", expected)}]\n{log()}");
        }
    }

    /// <summary>"id:v" for every row, in order.</summary>
    public static async Task<IReadOnlyList<string>> RowsAsync(MiniDorisCluster cluster, string db, string table)
    {
        var sql = $"SELECT id, v FROM {DorisSql.Identifier(db)}.{DorisSql.Identifier(table)} ORDER BY id, v";
        var ids = await cluster.QueryColumnAsync(sql, "id");
        var values = await cluster.QueryColumnAsync(sql, "v");
        return ids.Zip(values, (i, v) => $"{i}:{v}").ToList();
    }

    /// <summary>Until /get_lag says the job has applied every binlog of its source.</summary>
    public static Task WaitCaughtUpAsync(RunningSyncer syncer, string job) =>
        Eventually.UntilAsync(async () => (await syncer.CallAsync("/get_lag", new { name = job })).GetProperty("lag").GetInt64() == 0,
            Patience, $"job {job} to catch up");

    /// <summary>How many full syncs the syncer has finished (from its log).</summary>
    public static int FullSyncs(RunningSyncer syncer) =>
        syncer.Log.Text.Split('\n').Count(l => l.Contains("full sync done", StringComparison.Ordinal));

    /// <summary>The job's progress_state from /job_status.</summary>
    public static async Task<string?> ProgressStateAsync(RunningSyncer syncer, string job) =>
        (await syncer.CallAsync("/job_status", new { name = job })).GetProperty("status").GetProperty("progress_state").GetString();
}
