using Syncer.Doris.Sql;
using Syncer.Doris.Thrift;
using Syncer.Engine.Binlogs;
using Syncer.Tests.Support;

namespace Syncer.Tests.Engine.Binlogs;

public sealed class ReplaceTableHandlerTests(MiniDorisPair pair) : BinlogHandlerContractTests(pair)
{
    [Fact]
    public async Task Replacing_the_jobs_table_is_a_full_sync()
    {
        var other = $"{DorisSql.Identifier(SrcDb)}.{DorisSql.Identifier(SrcTable + "_new")}";
        await Src.ExecuteAsync($"CREATE TABLE {other} {TableLayout} PROPERTIES (\"replication_num\" = \"1\", {MiniDorisCluster.BinlogOn})");
        var binlog = await SourceBinlogAsync($"ALTER TABLE {SrcRef} REPLACE WITH TABLE {DorisSql.Identifier(SrcTable + "_new")}", TBinlogType.REPLACE_TABLE);
        Assert.IsType<BinlogOutcome.FullSyncNeeded>(await ApplyAsync(binlog));
        Assert.IsType<BinlogOutcome.Skipped>(await ApplyAsync(binlog, job: Job(srcTableId: SrcTableId + 1000) with { Src = Job().Src with { TableId = 1, Table = "x" } }));
    }
}
