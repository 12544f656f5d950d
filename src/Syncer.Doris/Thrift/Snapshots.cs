using Syncer.Wire.Thrift.Serialization;

namespace Syncer.Doris.Thrift;

/// <summary>Where a snapshot lives; CCR only uses LOCAL (`__keep_on_local__`).</summary>
public enum TSnapshotType
{
    REMOTE = 0,
    LOCAL = 1,
}

/// <summary>FrontendService.getSnapshot request (source FE).</summary>
[ThriftStruct("TGetSnapshotRequest")]
public sealed class TGetSnapshotRequest
{
    [ThriftField(1, "cluster")] public string? Cluster { get; set; }
    [ThriftField(2, "user")] public string? User { get; set; }
    [ThriftField(3, "passwd")] public string? Passwd { get; set; }
    [ThriftField(4, "db")] public string? Db { get; set; }
    [ThriftField(5, "table")] public string? Table { get; set; }
    [ThriftField(6, "token")] public string? Token { get; set; }
    [ThriftField(7, "label_name")] public string? LabelName { get; set; }
    [ThriftField(8, "snapshot_name")] public string? SnapshotName { get; set; }
    [ThriftField(9, "snapshot_type")] public TSnapshotType? SnapshotType { get; set; }
    [ThriftField(10, "enable_compress")] public bool? EnableCompress { get; set; }
}

/// <summary>FrontendService.getSnapshot result: opaque meta and the job_info JSON, gzip-compressed when <see cref="Compressed"/>.</summary>
[ThriftStruct("TGetSnapshotResult")]
public sealed class TGetSnapshotResult : IDorisResult
{
    [ThriftField(1, "status")] public TStatus? Status { get; set; }
    [ThriftField(2, "meta")] public byte[]? Meta { get; set; }
    [ThriftField(3, "job_info")] public byte[]? JobInfo { get; set; }
    [ThriftField(4, "master_address")] public TNetworkAddress? MasterAddress { get; set; }
    [ThriftField(5, "compressed")] public bool? Compressed { get; set; }
    [ThriftField(6, "expiredAt")] public long? ExpiredAt { get; set; }
    [ThriftField(7, "commit_seq")] public long? CommitSeq { get; set; }
}

/// <summary>A table to restore, optionally under another name (there is no field 2).</summary>
[ThriftStruct("TTableRef")]
public sealed class TTableRef
{
    [ThriftField(1, "table")] public string? Table { get; set; }
    [ThriftField(3, "alias_name")] public string? AliasName { get; set; }
}

/// <summary>FrontendService.restoreSnapshot request (target FE).</summary>
[ThriftStruct("TRestoreSnapshotRequest")]
public sealed class TRestoreSnapshotRequest
{
    [ThriftField(1, "cluster")] public string? Cluster { get; set; }
    [ThriftField(2, "user")] public string? User { get; set; }
    [ThriftField(3, "passwd")] public string? Passwd { get; set; }
    [ThriftField(4, "db")] public string? Db { get; set; }
    [ThriftField(5, "table")] public string? Table { get; set; }
    [ThriftField(6, "token")] public string? Token { get; set; }
    [ThriftField(7, "label_name")] public string? LabelName { get; set; }
    [ThriftField(8, "repo_name")] public string? RepoName { get; set; }
    [ThriftField(9, "table_refs")] public List<TTableRef>? TableRefs { get; set; }
    [ThriftField(10, "properties")] public Dictionary<string, string>? Properties { get; set; }
    [ThriftField(11, "meta")] public byte[]? Meta { get; set; }
    [ThriftField(12, "job_info")] public byte[]? JobInfo { get; set; }
    [ThriftField(13, "clean_tables")] public bool? CleanTables { get; set; }
    [ThriftField(14, "clean_partitions")] public bool? CleanPartitions { get; set; }
    [ThriftField(15, "atomic_restore")] public bool? AtomicRestore { get; set; }
    [ThriftField(16, "compressed")] public bool? Compressed { get; set; }
    [ThriftField(17, "force_replace")] public bool? ForceReplace { get; set; }
}

/// <summary>FrontendService.restoreSnapshot result.</summary>
[ThriftStruct("TRestoreSnapshotResult")]
public sealed class TRestoreSnapshotResult : IDorisResult
{
    [ThriftField(1, "status")] public TStatus? Status { get; set; }
    [ThriftField(2, "master_address")] public TNetworkAddress? MasterAddress { get; set; }
}

/// <summary>FrontendService.getMasterToken request; the password field is named <c>password</c> here.</summary>
[ThriftStruct("TGetMasterTokenRequest")]
public sealed class TGetMasterTokenRequest
{
    [ThriftField(1, "cluster")] public string? Cluster { get; set; }
    [ThriftField(2, "user")] public string? User { get; set; }
    [ThriftField(3, "password")] public string? Password { get; set; }
}

/// <summary>FrontendService.getMasterToken result: the cluster token BEs accept for snapshot downloads.</summary>
[ThriftStruct("TGetMasterTokenResult")]
public sealed class TGetMasterTokenResult : IDorisResult
{
    [ThriftField(1, "status")] public TStatus? Status { get; set; }
    [ThriftField(2, "token")] public string? Token { get; set; }
    [ThriftField(3, "master_address")] public TNetworkAddress? MasterAddress { get; set; }
}
