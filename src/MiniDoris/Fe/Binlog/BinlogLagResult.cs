namespace MiniDoris.Fe.Binlog;

/// <summary>The answer to getBinlogLag (2.1+ shape: lag plus first/last/next seqs and timestamps).</summary>
public sealed record BinlogLagResult(
    BinlogReadStatus Status,
    long Lag,
    long FirstCommitSeq,
    long LastCommitSeq,
    long FirstBinlogTimestamp,
    long LastBinlogTimestamp,
    long NextCommitSeq,
    long NextBinlogTimestamp);
