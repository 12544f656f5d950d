using Syncer.Doris.Thrift;
using Syncer.Tests.Support;

namespace Syncer.Tests.Engine.Binlogs;

public sealed class ModifyCommentHandlerTests(MiniDorisPair pair) : BinlogHandlerContractTests(pair)
{
    [Fact]
    public async Task Table_and_column_comments_with_quotes_and_backslashes_reach_the_target()
    {
        await ReplicateAsync($"ALTER TABLE {SrcRef} MODIFY COMMENT 'it''s a \"table\" \\\\ 表'", TBinlogType.MODIFY_COMMENT);
        await ReplicateAsync($"ALTER TABLE {SrcRef} MODIFY COLUMN v COMMENT 'value ''v'' 值'", TBinlogType.MODIFY_COMMENT);

        var create = await Dest.ShowCreateTableAsync(DestDb, DestTable);
        Assert.Contains("value 'v' 值", create, StringComparison.Ordinal);
        var source = await Src.ShowCreateTableAsync(SrcDb, SrcTable);
        Assert.Equal(CommentsOf(source), CommentsOf(create));
    }

    private static string[] CommentsOf(string createTable) =>
        createTable.Split('\n').Where(l => l.Contains("COMMENT", StringComparison.Ordinal)).Select(l => l.Trim()).ToArray();
}
