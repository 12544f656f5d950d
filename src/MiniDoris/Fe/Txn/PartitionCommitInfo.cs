namespace MiniDoris.Fe.Txn;

/// <summary>The version a committed transaction gives one partition.</summary>
public sealed class PartitionCommitInfo
{
    public long PartitionId { get; set; }

    public long Version { get; set; }

    public long VersionTime { get; set; }

    public string Range { get; set; } = string.Empty;

    public bool IsTemp { get; set; }
}
