using Syncer.Doris.Binlog.Records;
using Syncer.Engine.Apply;
using Syncer.Engine.Binlogs;

namespace Syncer.Tests.Engine.Apply;

/// <summary>A transactional insert with sub-transactions (newest Doris's <c>stids</c>) is restored, never ingested.</summary>
public sealed class SubTransactionUpsertTests
{
    private const string WithSubTransactions = """
        {"commitSeq":42,"txnId":7,"timeStamp":1,"label":"insert_x","dbId":1,"stids":[8,9],
         "tableRecords":{"10":{"partitionRecords":[{"partitionId":11,"range":"[]","version":3,"isTempPartition":false,"stid":8},
                                                   {"partitionId":11,"range":"[]","version":4,"isTempPartition":false,"stid":9}],"indexIds":[12]}}}
        """;

    [Fact]
    public void The_sub_transaction_ids_are_read_and_absent_before_newest_Doris()
    {
        Assert.Equal([8L, 9L], BinlogJson.Deserialize<UpsertRecord>(WithSubTransactions).SubTxnIds);
        Assert.Null(BinlogJson.Deserialize<UpsertRecord>("""{"commitSeq":1,"tableRecords":{}}""").SubTxnIds);
    }

    [Fact]
    public void An_insert_into_one_table_restores_that_table()
    {
        var outcome = Assert.IsType<BinlogOutcome.PartialSyncNeeded>(UpsertHandler.ResyncSubTransactions(42, [(10, "orders")]));
        Assert.Equal(10, outcome.Target.TableId);
        Assert.Equal("orders", outcome.Target.Table);
        Assert.Contains("upsert 42", outcome.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void An_insert_into_several_tables_restores_the_database()
    {
        var outcome = Assert.IsType<BinlogOutcome.FullSyncNeeded>(UpsertHandler.ResyncSubTransactions(42, [(10, "orders"), (20, "items")]));
        Assert.Contains("sub-transactions", outcome.Reason, StringComparison.Ordinal);
    }
}
