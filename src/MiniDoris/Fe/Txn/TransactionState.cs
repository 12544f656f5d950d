namespace MiniDoris.Fe.Txn;

/// <summary>One load transaction and its lifecycle timestamps (ms, -1 when not reached).</summary>
public sealed class TransactionState
{
    public long TxnId { get; set; }

    public long DbId { get; set; }

    public string Label { get; set; } = string.Empty;

    public List<long> TableIds { get; set; } = [];

    public TransactionStatus Status { get; set; } = TransactionStatus.PREPARE;

    public string Coordinator { get; set; } = "FE: 127.0.0.1";

    /// <summary>LoadJobSourceType name: INSERT_STREAMING for SQL loads, BACKEND_STREAMING for RPC-begun txns.</summary>
    public string SourceType { get; set; } = "INSERT_STREAMING";

    public long PrepareTime { get; set; } = -1;

    public long PreCommitTime { get; set; } = -1;

    public long CommitTime { get; set; } = -1;

    public long PublishTime { get; set; } = -1;

    public long FinishTime { get; set; } = -1;

    public string Reason { get; set; } = string.Empty;

    public long TimeoutMs { get; set; }

    public string ErrMsg { get; set; } = string.Empty;

    /// <summary>The request id a beginTxn came with (hi, lo), used to recognise duplicated requests.</summary>
    public long[]? RequestId { get; set; }

    public List<TableCommitInfo> TableCommits { get; set; } = [];

    /// <summary>Replicas whose BE staged data for this txn through ingest_binlog (tablet id, backend id).</summary>
    public List<IngestedReplica> Ingested { get; set; } = [];

    /// <summary>Replicas the commit found missing (Doris's errorReplicaIds): publish does not give them the new version.</summary>
    public List<long> ErrorReplicaIds { get; set; } = [];

    /// <summary>A COMMITTED txn is not published before this wall-clock ms (the publish_timeout fault); -1 = no hold.</summary>
    public long PublishNotBefore { get; set; } = -1;
}

/// <summary>One replica that staged a rowset for a txn: the local tablet and the BE holding the replica.</summary>
public sealed record IngestedReplica(long TabletId, long BackendId);
