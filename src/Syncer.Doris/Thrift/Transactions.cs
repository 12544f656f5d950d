using Syncer.Wire.Thrift.Serialization;

namespace Syncer.Doris.Thrift;

/// <summary>FrontendService.beginTxn request: opens a load transaction on the target FE.</summary>
[ThriftStruct("TBeginTxnRequest")]
public sealed class TBeginTxnRequest
{
    [ThriftField(1, "cluster")] public string? Cluster { get; set; }
    [ThriftField(2, "user")] public string? User { get; set; }
    [ThriftField(3, "passwd")] public string? Passwd { get; set; }
    [ThriftField(4, "db")] public string? Db { get; set; }
    [ThriftField(5, "table_ids")] public List<long>? TableIds { get; set; }
    [ThriftField(6, "user_ip")] public string? UserIp { get; set; }
    [ThriftField(7, "label")] public string? Label { get; set; }
    [ThriftField(8, "auth_code")] public long? AuthCode { get; set; }
    [ThriftField(9, "timeout")] public long? Timeout { get; set; }
    [ThriftField(10, "request_id")] public TUniqueId? RequestId { get; set; }
    [ThriftField(11, "token")] public string? Token { get; set; }
    [ThriftField(12, "backend_id")] public long? BackendId { get; set; }
    [ThriftField(13, "sub_txn_num")] public long? SubTxnNum { get; set; }
}

/// <summary>FrontendService.beginTxn result.</summary>
[ThriftStruct("TBeginTxnResult")]
public sealed class TBeginTxnResult : IDorisResult
{
    [ThriftField(1, "status")] public TStatus? Status { get; set; }
    [ThriftField(2, "txn_id")] public long? TxnId { get; set; }
    [ThriftField(3, "job_status")] public string? JobStatus { get; set; }
    [ThriftField(4, "db_id")] public long? DbId { get; set; }
    [ThriftField(5, "master_address")] public TNetworkAddress? MasterAddress { get; set; }
    [ThriftField(6, "sub_txn_ids")] public List<long>? SubTxnIds { get; set; }
}

/// <summary>Sub-transaction kinds of a transactional insert.</summary>
public enum TSubTxnType
{
    INSERT = 0,
    DELETE = 1,
}

/// <summary>One sub-transaction of a transactional insert (commitTxn field 14).</summary>
[ThriftStruct("TSubTxnInfo")]
public sealed class TSubTxnInfo
{
    [ThriftField(1, "sub_txn_id")] public long? SubTxnId { get; set; }
    [ThriftField(2, "table_id")] public long? TableId { get; set; }
    [ThriftField(3, "tablet_commit_infos")] public List<TTabletCommitInfo>? TabletCommitInfos { get; set; }
    [ThriftField(4, "sub_txn_type")] public TSubTxnType? SubTxnType { get; set; }
}

/// <summary>
/// FrontendService.commitTxn request. Field 9 (txn_commit_attachment) is not modelled: the syncer never
/// sends it, and a peer that does has it skipped.
/// </summary>
[ThriftStruct("TCommitTxnRequest")]
public sealed class TCommitTxnRequest
{
    [ThriftField(1, "cluster")] public string? Cluster { get; set; }
    [ThriftField(2, "user")] public string? User { get; set; }
    [ThriftField(3, "passwd")] public string? Passwd { get; set; }
    [ThriftField(4, "db")] public string? Db { get; set; }
    [ThriftField(5, "user_ip")] public string? UserIp { get; set; }
    [ThriftField(6, "txn_id")] public long? TxnId { get; set; }
    [ThriftField(7, "commit_infos")] public List<TTabletCommitInfo>? CommitInfos { get; set; }
    [ThriftField(8, "auth_code")] public long? AuthCode { get; set; }
    [ThriftField(10, "thrift_rpc_timeout_ms")] public long? ThriftRpcTimeoutMs { get; set; }
    [ThriftField(11, "token")] public string? Token { get; set; }
    [ThriftField(12, "db_id")] public long? DbId { get; set; }
    [ThriftField(13, "txn_insert")] public bool? TxnInsert { get; set; }
    [ThriftField(14, "sub_txn_infos")] public List<TSubTxnInfo>? SubTxnInfos { get; set; }
    [ThriftField(15, "only_commit")] public bool? OnlyCommit { get; set; }
}

/// <summary>FrontendService.commitTxn result.</summary>
[ThriftStruct("TCommitTxnResult")]
public sealed class TCommitTxnResult : IDorisResult
{
    [ThriftField(1, "status")] public TStatus? Status { get; set; }
    [ThriftField(2, "master_address")] public TNetworkAddress? MasterAddress { get; set; }
}

/// <summary>FrontendService.rollbackTxn request (there is no field 8; field 10, the attachment, is not modelled).</summary>
[ThriftStruct("TRollbackTxnRequest")]
public sealed class TRollbackTxnRequest
{
    [ThriftField(1, "cluster")] public string? Cluster { get; set; }
    [ThriftField(2, "user")] public string? User { get; set; }
    [ThriftField(3, "passwd")] public string? Passwd { get; set; }
    [ThriftField(4, "db")] public string? Db { get; set; }
    [ThriftField(5, "user_ip")] public string? UserIp { get; set; }
    [ThriftField(6, "txn_id")] public long? TxnId { get; set; }
    [ThriftField(7, "reason")] public string? Reason { get; set; }
    [ThriftField(9, "auth_code")] public long? AuthCode { get; set; }
    [ThriftField(11, "token")] public string? Token { get; set; }
    [ThriftField(12, "db_id")] public long? DbId { get; set; }
}

/// <summary>FrontendService.rollbackTxn result.</summary>
[ThriftStruct("TRollbackTxnResult")]
public sealed class TRollbackTxnResult : IDorisResult
{
    [ThriftField(1, "status")] public TStatus? Status { get; set; }
    [ThriftField(2, "master_address")] public TNetworkAddress? MasterAddress { get; set; }
}
