using Syncer.Tests.Support;
using Syncer.Wire.MySql;

namespace Syncer.Tests.Engine;

/// <summary>Shared steps of the database job tests: a source database with binlog on, and "target database equals source".</summary>
public static class DatabaseSyncChecks
{
    /// <summary>Creates <paramref name="db"/> with binlog on and runs <paramref name="statements"/> in it.</summary>
    public static async Task CreateSourceAsync(MiniDorisCluster src, string db, params string[] statements)
    {
        await src.ExecuteAsync($"CREATE DATABASE {MySqlQuote.Identifier(db)}", $"ALTER DATABASE {MySqlQuote.Identifier(db)} SET PROPERTIES ({MiniDorisCluster.BinlogOn})");
        if (statements.Length > 0) await src.ExecuteAsync(statements);
    }

    /// <summary><c>CREATE TABLE db.t (id INT, v INT) …</c> with one replica and binlog on (the keys model given, DUPLICATE by default).</summary>
    public static string Table(string db, string table, string model = "DUPLICATE KEY(id)", string aggregate = "", string partitioning = "") =>
        $"CREATE TABLE {MySqlQuote.Identifier(db)}.{MySqlQuote.Identifier(table)} (id INT, v INT {aggregate}) {model} {partitioning} "
        + $"DISTRIBUTED BY HASH(id) BUCKETS 2 PROPERTIES (\"replication_num\" = \"1\", {MiniDorisCluster.BinlogOn})";

    /// <summary>The tables and views of <paramref name="db"/>, sorted (the atomic-restore helper tables left out).</summary>
    public static async Task<IReadOnlyList<string>> ObjectsAsync(MiniDorisCluster cluster, string db)
    {
        var rows = await cluster.QueryRowsAsync($"SHOW TABLES FROM {MySqlQuote.Identifier(db)}");
        return rows.Where(r => !r.StartsWith("__", StringComparison.Ordinal)).Order(StringComparer.Ordinal).ToList();
    }

    /// <summary>
    /// Waits until the target database has exactly the source's tables and views, and every table the same rows
    /// ("id:v" in order; views compared by their rows too). Fails with the syncer's log otherwise.
    /// </summary>
    public static async Task WaitSameAsync(MiniDorisCluster src, string srcDb, MiniDorisCluster dest, string destDb, Func<string> log)
    {
        var last = "";
        try
        {
            await Eventually.UntilAsync(async () =>
            {
                var expected = await ObjectsAsync(src, srcDb);
                IReadOnlyList<string> actual;
                try
                {
                    actual = await ObjectsAsync(dest, destDb);
                }
                catch (MySqlException e)
                {
                    last = e.Message;
                    return false;
                }
                if (!expected.SequenceEqual(actual))
                {
                    last = $"objects [{string.Join(",", actual)}] != [{string.Join(",", expected)}]";
                    return false;
                }
                foreach (var table in expected)
                {
                    var want = await TableSyncChecks.RowsAsync(src, srcDb, table);
                    IReadOnlyList<string> got;
                    try
                    {
                        got = await TableSyncChecks.RowsAsync(dest, destDb, table);
                    }
                    catch (MySqlException e)
                    {
                        last = $"{table}: {e.Message}";
                        return false;
                    }
                    if (!want.SequenceEqual(got))
                    {
                        last = $"{table}: [{string.Join(" ", got)}] != [{string.Join(" ", want)}]";
                        return false;
                    }
                }
                return true;
            }, TableSyncChecks.Patience, $"{destDb} equal to {srcDb}");
        }
        catch (TimeoutException)
        {
            Assert.Fail($"target database differs: {last}\n{log()}");
        }
    }
}
