using Syncer.Wire.Thrift.Serialization;

namespace Syncer.Doris.Thrift;

/// <summary>Status.TStatus: the result code of every Doris RPC, with optional messages.</summary>
[ThriftStruct("TStatus")]
public sealed class TStatus
{
    [ThriftField(1, "status_code")] public TStatusCode StatusCode { get; set; }
    [ThriftField(2, "error_msgs")] public List<string>? ErrorMsgs { get; set; }
}

/// <summary>Types.TNetworkAddress: host and port, used for NOT_MASTER redirects.</summary>
[ThriftStruct("TNetworkAddress")]
public sealed class TNetworkAddress
{
    [ThriftField(1, "hostname")] public string Hostname { get; set; } = string.Empty;
    [ThriftField(2, "port")] public int Port { get; set; }
}

/// <summary>Types.TUniqueId: a 128-bit id as two i64 halves.</summary>
[ThriftStruct("TUniqueId")]
public sealed class TUniqueId
{
    [ThriftField(1, "hi")] public long Hi { get; set; }
    [ThriftField(2, "lo")] public long Lo { get; set; }
}

/// <summary>Types.TTabletCommitInfo: one ingested replica (tablet on a backend) named in commitTxn.</summary>
[ThriftStruct("TTabletCommitInfo")]
public sealed class TTabletCommitInfo
{
    [ThriftField(1, "tabletId")] public long TabletId { get; set; }
    [ThriftField(2, "backendId")] public long BackendId { get; set; }
    [ThriftField(3, "invalid_dict_cols")] public List<string>? InvalidDictCols { get; set; }
}

/// <summary>Types.TBackend: one BE as getBackendMeta lists it.</summary>
[ThriftStruct("TBackend")]
public sealed class TBackend
{
    [ThriftField(1, "host")] public string Host { get; set; } = string.Empty;
    [ThriftField(2, "be_port")] public int BePort { get; set; }
    [ThriftField(3, "http_port")] public int HttpPort { get; set; }
    [ThriftField(4, "brpc_port")] public int? BrpcPort { get; set; }
    [ThriftField(5, "is_alive")] public bool? IsAlive { get; set; }
    [ThriftField(6, "id")] public long? Id { get; set; }
}
