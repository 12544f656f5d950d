using Syncer.Doris.Thrift;
using Syncer.Engine.Binlogs;
using Syncer.Tests.Support;
using Syncer.Wire.MySql;

namespace Syncer.Tests.Engine.Binlogs;

public sealed class CreateTableHandlerTests(MiniDorisPair pair) : BinlogHandlerContractTests(pair)
{
    [Fact]
    public async Task A_database_job_creates_the_table_in_the_target_database_and_maps_it_and_a_replay_changes_nothing()
    {
        await EnableDatabaseBinlogAsync();
        var job = await DbJobAsync();
        var progress = await DbProgressAsync();
        var name = SrcTable + "_new";
        var binlog = await SourceDatabaseBinlogAsync(
            $"CREATE TABLE {MySqlQuote.Identifier(SrcDb)}.{MySqlQuote.Identifier(name)} (id INT, v INT) UNIQUE KEY(id) DISTRIBUTED BY HASH(id) BUCKETS 1 PROPERTIES (\"replication_num\" = \"1\")",
            TBinlogType.CREATE_TABLE);
        var applied = Assert.IsType<BinlogOutcome.Applied>(await ApplyAsync(binlog, progress: progress, job: job));
        var targetId = await Dest.TableIdAsync(DestDb, name);
        var mapped = applied.Update!(progress);
        Assert.Equal(name, mapped.TableNames![binlog.TableIds![0]]);
        Assert.Equal(targetId, mapped.TableMapping![binlog.TableIds[0]]);
        Assert.Contains("UNIQUE KEY(`id`)", await Dest.ShowCreateTableAsync(DestDb, name), StringComparison.Ordinal);
        Assert.Contains("\"is_being_synced\" = \"true\"", await Dest.ShowCreateTableAsync(DestDb, name), StringComparison.Ordinal);

        Assert.IsType<BinlogOutcome.Applied>(await ApplyAsync(binlog, replay: true, progress: progress, job: job));
        Assert.Equal(targetId, await Dest.TableIdAsync(DestDb, name));
        // Outside a replay the same name on the target is another table: the source's is restored over it.
        var conflict = Assert.IsType<BinlogOutcome.PartialSyncNeeded>(await ApplyAsync(binlog, progress: progress, job: job));
        Assert.Equal(name, conflict.Target.Table);
        Assert.Empty(conflict.Target.Partitions);
    }

    [Fact]
    public async Task A_view_is_created_over_the_target_databases_tables()
    {
        await EnableDatabaseBinlogAsync();
        var job = await DbJobAsync();
        var shared = SrcTable + "_shared";
        await Src.CreateTableAsync(SrcDb, shared, MiniDorisCluster.BinlogOn);
        await Src.ExecuteAsync($"INSERT INTO {MySqlQuote.Identifier(SrcDb)}.{MySqlQuote.Identifier(shared)} VALUES (1, 1)");
        await Dest.CreateTableAsync(DestDb, shared);
        await Dest.ExecuteAsync($"INSERT INTO {MySqlQuote.Identifier(DestDb)}.{MySqlQuote.Identifier(shared)} VALUES (2, 2)");
        await ReadNewBinlogsAsync(database: true);
        var binlog = await SourceDatabaseBinlogAsync(
            $"CREATE VIEW {MySqlQuote.Identifier(SrcDb)}.v AS SELECT id, v FROM {MySqlQuote.Identifier(SrcDb)}.{MySqlQuote.Identifier(shared)}",
            TBinlogType.CREATE_TABLE);
        foreach (var replay in new[] { false, true })
        {
            Assert.IsType<BinlogOutcome.Applied>(await ApplyAsync(binlog, replay: replay, progress: await DbProgressAsync(), job: job));
            Assert.Equal(["2|2"], await RowsAsync(Dest, $"{MySqlQuote.Identifier(DestDb)}.v"));
        }
    }

    [Fact]
    public async Task A_table_job_skips_another_tables_creation()
    {
        await EnableDatabaseBinlogAsync();
        var binlog = await SourceDatabaseBinlogAsync(
            $"CREATE TABLE {MySqlQuote.Identifier(SrcDb)}.other (id INT) DUPLICATE KEY(id) DISTRIBUTED BY HASH(id) BUCKETS 1 PROPERTIES (\"replication_num\" = \"1\")",
            TBinlogType.CREATE_TABLE);
        Assert.IsType<BinlogOutcome.Skipped>(await ApplyAsync(binlog));
        Assert.DoesNotContain("other", await DatabaseSyncChecks.ObjectsAsync(Dest, DestDb));
    }
}
