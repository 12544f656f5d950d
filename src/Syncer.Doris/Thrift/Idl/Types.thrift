// The subset of Doris's Types.thrift the syncer and minidoris use (see docs/thrift.md).
namespace netstd Syncer.Doris.Thrift

/** Host and port; FEs answer NOT_MASTER with the master's. */
struct TNetworkAddress {
  1: required string hostname
  2: required i32 port
}

/** A 128-bit id as two i64 halves. */
struct TUniqueId {
  1: required i64 hi
  2: required i64 lo
}

/** One ingested replica (destination tablet on a destination backend) named in commitTxn. */
struct TTabletCommitInfo {
  1: required i64 tabletId
  2: required i64 backendId
  3: optional list<string> invalid_dict_cols
}

/** One BE as getBackendMeta lists it. */
struct TBackend {
  1: required string host
  2: required i32 be_port
  3: required i32 http_port
  4: optional i32 brpc_port
  5: optional bool is_alive
  6: optional i64 id
}
