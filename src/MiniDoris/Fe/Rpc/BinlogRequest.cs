namespace MiniDoris.Fe.Rpc;

/// <summary>TGetBinlogRequest / TGetBinlogLagRequest fields the FE reads (null = not set).</summary>
public sealed record BinlogRequest
{
    public string? User { get; init; }

    public string? Passwd { get; init; }

    public string? Db { get; init; }

    public string? Table { get; init; }

    public long? TableId { get; init; }

    public string? Token { get; init; }

    public long? PrevCommitSeq { get; init; }

    public long? NumAcquired { get; init; }
}
