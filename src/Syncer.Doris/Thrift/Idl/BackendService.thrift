// The subset of Doris's BackendService the syncer calls and minidoris serves (see docs/thrift.md).
namespace netstd Syncer.Doris.Thrift

include "Status.thrift"
include "Types.thrift"

/** ingest_binlog request: the target BE pulls one source tablet's rowset of one binlog version over HTTP. */
struct TIngestBinlogRequest {
  1: optional i64 txn_id
  2: optional i64 remote_tablet_id
  3: optional i64 binlog_version
  4: optional string remote_host
  5: optional string remote_port
  6: optional i64 partition_id
  7: optional i64 local_tablet_id
  8: optional Types.TUniqueId load_id
}

/** ingest_binlog result. */
struct TIngestBinlogResult {
  1: optional Status.TStatus status
  2: optional bool is_async
}

/** Progress of an asynchronous ingest (Doris numbers these implicitly from 0). */
enum TIngestBinlogStatus {
  ANALYSIS_ERROR = 0,
  UNKNOWN = 1,
  NOT_FOUND = 2,
  OK = 3,
  FAILED = 4,
  DOING = 5,
}

/** query_ingest_binlog request (asynchronous ingest only). */
struct TQueryIngestBinlogRequest {
  1: optional i64 txn_id
  2: optional i64 partition_id
  3: optional i64 tablet_id
  4: optional Types.TUniqueId load_id
}

/** query_ingest_binlog result. */
struct TQueryIngestBinlogResult {
  1: optional TIngestBinlogStatus status
  2: optional string err_msg
}

/** The BackendService methods CCR uses. */
service BackendService {
  TIngestBinlogResult ingest_binlog(1: TIngestBinlogRequest ingest_binlog_request)
  TQueryIngestBinlogResult query_ingest_binlog(1: TQueryIngestBinlogRequest query_ingest_binlog_request)
}
