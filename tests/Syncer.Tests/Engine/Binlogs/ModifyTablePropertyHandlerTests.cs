using Syncer.Doris.Thrift;
using Syncer.Engine.Binlogs;
using Syncer.Tests.Support;

namespace Syncer.Tests.Engine.Binlogs;

public sealed class ModifyTablePropertyHandlerTests(MiniDorisPair pair) : BinlogHandlerContractTests(pair)
{
    [Fact]
    public async Task Properties_are_set_from_the_records_map_and_source_only_ones_are_left_out()
    {
        await Dest.ExecuteAsync($"ALTER TABLE {DestRef} SET (\"is_being_synced\" = \"true\")");
        await ReplicateAsync($"ALTER TABLE {SrcRef} SET (\"compaction_policy\" = \"time_series\", \"binlog.ttl_seconds\" = \"3600\", \"is_being_synced\" = \"false\")",
            TBinlogType.MODIFY_TABLE_PROPERTY);

        var create = await Dest.ShowCreateTableAsync(DestDb, DestTable);
        Assert.Contains("\"compaction_policy\" = \"time_series\"", create, StringComparison.Ordinal);
        Assert.Contains("\"is_being_synced\" = \"true\"", create, StringComparison.Ordinal);
        Assert.DoesNotContain("\"binlog.ttl_seconds\" = \"3600\"", create, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_change_of_source_only_properties_is_skipped()
    {
        var binlog = await SourceBinlogAsync($"ALTER TABLE {SrcRef} SET (\"binlog.ttl_seconds\" = \"7200\")", TBinlogType.MODIFY_TABLE_PROPERTY);
        Assert.IsType<BinlogOutcome.Skipped>(await ApplyAsync(binlog));
    }
}
