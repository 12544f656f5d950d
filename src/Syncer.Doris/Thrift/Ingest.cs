using Syncer.Wire.Thrift.Serialization;

namespace Syncer.Doris.Thrift;

/// <summary>
/// BackendService.ingest_binlog request: the target BE pulls one source tablet's rowset of one binlog
/// version over HTTP and stages it under the target txn.
/// </summary>
[ThriftStruct("TIngestBinlogRequest")]
public sealed class TIngestBinlogRequest
{
    [ThriftField(1, "txn_id")] public long? TxnId { get; set; }
    [ThriftField(2, "remote_tablet_id")] public long? RemoteTabletId { get; set; }
    [ThriftField(3, "binlog_version")] public long? BinlogVersion { get; set; }
    [ThriftField(4, "remote_host")] public string? RemoteHost { get; set; }
    [ThriftField(5, "remote_port")] public string? RemotePort { get; set; }
    [ThriftField(6, "partition_id")] public long? PartitionId { get; set; }
    [ThriftField(7, "local_tablet_id")] public long? LocalTabletId { get; set; }
    [ThriftField(8, "load_id")] public TUniqueId? LoadId { get; set; }
}

/// <summary>BackendService.ingest_binlog result.</summary>
[ThriftStruct("TIngestBinlogResult")]
public sealed class TIngestBinlogResult
{
    [ThriftField(1, "status")] public TStatus? Status { get; set; }
    [ThriftField(2, "is_async")] public bool? IsAsync { get; set; }
}

/// <summary>Progress of an asynchronous ingest (implicit numbering in the IDL).</summary>
public enum TIngestBinlogStatus
{
    ANALYSIS_ERROR = 0,
    UNKNOWN = 1,
    NOT_FOUND = 2,
    OK = 3,
    FAILED = 4,
    DOING = 5,
}

/// <summary>BackendService.query_ingest_binlog request (asynchronous ingest only).</summary>
[ThriftStruct("TQueryIngestBinlogRequest")]
public sealed class TQueryIngestBinlogRequest
{
    [ThriftField(1, "txn_id")] public long? TxnId { get; set; }
    [ThriftField(2, "partition_id")] public long? PartitionId { get; set; }
    [ThriftField(3, "tablet_id")] public long? TabletId { get; set; }
    [ThriftField(4, "load_id")] public TUniqueId? LoadId { get; set; }
}

/// <summary>BackendService.query_ingest_binlog result.</summary>
[ThriftStruct("TQueryIngestBinlogResult")]
public sealed class TQueryIngestBinlogResult
{
    [ThriftField(1, "status")] public TIngestBinlogStatus? Status { get; set; }
    [ThriftField(2, "err_msg")] public string? ErrMsg { get; set; }
}
