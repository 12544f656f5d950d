using Syncer.Doris.Thrift;
using Syncer.Engine.Binlogs;
using Syncer.Tests.Support;

namespace Syncer.Tests.Engine.Binlogs;

public sealed class ModifyTableAddOrDropInvertedIndicesHandlerTests(MiniDorisPair pair) : BinlogHandlerContractTests(pair)
{
    [Fact]
    public async Task An_inverted_index_is_added_and_dropped_on_the_target_table()
    {
        await ReplicateAsync($"ALTER TABLE {SrcRef} ADD INDEX idx_v (v) USING INVERTED COMMENT 'by v'", TBinlogType.MODIFY_TABLE_ADD_OR_DROP_INVERTED_INDICES);
        Assert.Contains("idx_v", await Dest.QueryColumnAsync($"SHOW INDEX FROM {DestRef}", "Key_name"));
        await ReplicateAsync($"ALTER TABLE {SrcRef} DROP INDEX idx_v", TBinlogType.MODIFY_TABLE_ADD_OR_DROP_INVERTED_INDICES);
        Assert.DoesNotContain("idx_v", await Dest.QueryColumnAsync($"SHOW INDEX FROM {DestRef}", "Key_name"));
    }
}
