namespace MiniDoris.Fe.Rpc;

/// <summary>The TStatusCode values the FE and BE methods answer with (Doris's Status.thrift numbering).</summary>
public static class StatusCode
{
    public const int Ok = 0;
    public const int AnalysisError = 2;
    public const int RuntimeError = 4;
    public const int InternalError = 6;
    public const int PublishTimeout = 14;
    public const int LabelAlreadyExists = 15;
    public const int NotFound = 31;
    public const int NotAuthorized = 38;
    public const int BinlogDisable = 60;
    public const int BinlogTooOldCommitSeq = 61;
    public const int BinlogTooNewCommitSeq = 62;
    public const int BinlogNotFoundDb = 63;
    public const int BinlogNotFoundTable = 64;
    public const int SnapshotNotExist = 70;
    public const int HttpError = 71;
    public const int TabletMissing = 72;
    public const int NotMaster = 73;
    public const int SnapshotExpired = 75;
}
