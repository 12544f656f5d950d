using Syncer.Wire.Thrift.Serialization;

namespace Syncer.Doris.Thrift;

/// <summary>
/// FrontendService.getBinlog request; getBinlogLag takes the same struct (a typedef in the IDL).
/// </summary>
[ThriftStruct("TGetBinlogRequest")]
public sealed class TGetBinlogRequest
{
    [ThriftField(1, "cluster")] public string? Cluster { get; set; }
    [ThriftField(2, "user")] public string? User { get; set; }
    [ThriftField(3, "passwd")] public string? Passwd { get; set; }
    [ThriftField(4, "db")] public string? Db { get; set; }
    [ThriftField(5, "table")] public string? Table { get; set; }
    [ThriftField(6, "table_id")] public long? TableId { get; set; }
    [ThriftField(7, "user_ip")] public string? UserIp { get; set; }
    [ThriftField(8, "token")] public string? Token { get; set; }
    [ThriftField(9, "prev_commit_seq")] public long? PrevCommitSeq { get; set; }
    [ThriftField(10, "num_acquired")] public long? NumAcquired { get; set; }
    [ThriftField(11, "allow_follower_read")] public bool? AllowFollowerRead { get; set; }
}

/// <summary>One binlog record; <see cref="Data"/> is the JSON payload of its <see cref="Type"/>.</summary>
[ThriftStruct("TBinlog")]
public sealed class TBinlog
{
    [ThriftField(1, "commit_seq")] public long? CommitSeq { get; set; }
    [ThriftField(2, "timestamp")] public long? Timestamp { get; set; }
    [ThriftField(3, "type")] public TBinlogType? Type { get; set; }
    [ThriftField(4, "db_id")] public long? DbId { get; set; }
    [ThriftField(5, "table_ids")] public List<long>? TableIds { get; set; }
    [ThriftField(6, "data")] public string? Data { get; set; }
    [ThriftField(7, "belong")] public long? Belong { get; set; }
    [ThriftField(8, "table_ref")] public long? TableRef { get; set; }
    [ThriftField(9, "remove_enable_cache")] public bool? RemoveEnableCache { get; set; }
}

/// <summary>FrontendService.getBinlog result.</summary>
[ThriftStruct("TGetBinlogResult")]
public sealed class TGetBinlogResult : IDorisResult
{
    [ThriftField(1, "status")] public TStatus? Status { get; set; }
    [ThriftField(2, "next_commit_seq")] public long? NextCommitSeq { get; set; }
    [ThriftField(3, "binlogs")] public List<TBinlog>? Binlogs { get; set; }
    [ThriftField(4, "fe_version")] public string? FeVersion { get; set; }
    [ThriftField(5, "fe_meta_version")] public long? FeMetaVersion { get; set; }
    [ThriftField(6, "master_address")] public TNetworkAddress? MasterAddress { get; set; }
}

/// <summary>FrontendService.getBinlogLag result (fields 4 to 9 come from newer FEs).</summary>
[ThriftStruct("TGetBinlogLagResult")]
public sealed class TGetBinlogLagResult : IDorisResult
{
    [ThriftField(1, "status")] public TStatus? Status { get; set; }
    [ThriftField(2, "lag")] public long? Lag { get; set; }
    [ThriftField(3, "master_address")] public TNetworkAddress? MasterAddress { get; set; }
    [ThriftField(4, "first_commit_seq")] public long? FirstCommitSeq { get; set; }
    [ThriftField(5, "last_commit_seq")] public long? LastCommitSeq { get; set; }
    [ThriftField(6, "first_binlog_timestamp")] public long? FirstBinlogTimestamp { get; set; }
    [ThriftField(7, "last_binlog_timestamp")] public long? LastBinlogTimestamp { get; set; }
    [ThriftField(8, "next_commit_seq")] public long? NextCommitSeq { get; set; }
    [ThriftField(9, "next_binlog_timestamp")] public long? NextBinlogTimestamp { get; set; }
}
