namespace MiniDoris.Fe.Txn;

/// <summary>The partitions and indexes a transaction loaded in one table.</summary>
public sealed class TableCommitInfo
{
    public long TableId { get; set; }

    public List<PartitionCommitInfo> Partitions { get; set; } = [];

    public List<long> IndexIds { get; set; } = [];
}
