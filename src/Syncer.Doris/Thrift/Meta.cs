using Syncer.Wire.Thrift.Serialization;

namespace Syncer.Doris.Thrift;

/// <summary>FrontendService.getMeta request: which db (and tables) to describe.</summary>
[ThriftStruct("TGetMetaRequest")]
public sealed class TGetMetaRequest
{
    [ThriftField(1, "cluster")] public string? Cluster { get; set; }
    [ThriftField(2, "user")] public string? User { get; set; }
    [ThriftField(3, "passwd")] public string? Passwd { get; set; }
    [ThriftField(4, "user_ip")] public string? UserIp { get; set; }
    [ThriftField(5, "token")] public string? Token { get; set; }
    [ThriftField(6, "db")] public TGetMetaDB? Db { get; set; }
}

/// <summary>getMeta request: a db by id or name, optionally narrowed to some tables.</summary>
[ThriftStruct("TGetMetaDB")]
public sealed class TGetMetaDB
{
    [ThriftField(1, "id")] public long? Id { get; set; }
    [ThriftField(2, "name")] public string? Name { get; set; }
    [ThriftField(3, "only_table_names")] public bool? OnlyTableNames { get; set; }
    [ThriftField(4, "tables")] public List<TGetMetaTable>? Tables { get; set; }
}

/// <summary>getMeta request: a table by id or name.</summary>
[ThriftStruct("TGetMetaTable")]
public sealed class TGetMetaTable
{
    [ThriftField(1, "id")] public long? Id { get; set; }
    [ThriftField(2, "name")] public string? Name { get; set; }
    [ThriftField(3, "in_trash")] public bool? InTrash { get; set; }
    [ThriftField(4, "partitions")] public List<TGetMetaPartition>? Partitions { get; set; }
}

/// <summary>getMeta request: a partition filter (never sent by the syncer).</summary>
[ThriftStruct("TGetMetaPartition")]
public sealed class TGetMetaPartition
{
    [ThriftField(1, "id")] public long? Id { get; set; }
    [ThriftField(2, "name")] public string? Name { get; set; }
    [ThriftField(3, "key")] public string? Key { get; set; }
    [ThriftField(4, "range")] public string? Range { get; set; }
    [ThriftField(5, "is_temp")] public bool? IsTemp { get; set; }
    [ThriftField(6, "indexes")] public List<TGetMetaIndex>? Indexes { get; set; }
}

/// <summary>getMeta request: an index filter (never sent by the syncer).</summary>
[ThriftStruct("TGetMetaIndex")]
public sealed class TGetMetaIndex
{
    [ThriftField(1, "id")] public long? Id { get; set; }
    [ThriftField(2, "name")] public string? Name { get; set; }
    [ThriftField(3, "tablets")] public List<TGetMetaTablet>? Tablets { get; set; }
}

/// <summary>getMeta request: a tablet filter (never sent by the syncer).</summary>
[ThriftStruct("TGetMetaTablet")]
public sealed class TGetMetaTablet
{
    [ThriftField(1, "id")] public long? Id { get; set; }
    [ThriftField(2, "replicas")] public List<TGetMetaReplica>? Replicas { get; set; }
}

/// <summary>getMeta request: a replica filter (never sent by the syncer).</summary>
[ThriftStruct("TGetMetaReplica")]
public sealed class TGetMetaReplica
{
    [ThriftField(1, "id")] public long? Id { get; set; }
}

/// <summary>FrontendService.getMeta result.</summary>
[ThriftStruct("TGetMetaResult")]
public sealed class TGetMetaResult : IDorisResult
{
    [ThriftField(1, "status")] public TStatus Status { get; set; } = new();
    [ThriftField(2, "db_meta")] public TGetMetaDBMeta? DbMeta { get; set; }
    [ThriftField(3, "master_address")] public TNetworkAddress? MasterAddress { get; set; }
}

/// <summary>getMeta result: a db with its tables and the ids dropped since (lists, or id → commit seq maps on the newest FEs).</summary>
[ThriftStruct("TGetMetaDBMeta")]
public sealed class TGetMetaDBMeta
{
    [ThriftField(1, "id")] public long? Id { get; set; }
    [ThriftField(2, "name")] public string? Name { get; set; }
    [ThriftField(3, "tables")] public List<TGetMetaTableMeta>? Tables { get; set; }
    [ThriftField(4, "dropped_partitions")] public List<long>? DroppedPartitions { get; set; }
    [ThriftField(5, "dropped_tables")] public List<long>? DroppedTables { get; set; }
    [ThriftField(6, "dropped_indexes")] public List<long>? DroppedIndexes { get; set; }
    [ThriftField(7, "dropped_partition_map")] public Dictionary<long, long>? DroppedPartitionMap { get; set; }
    [ThriftField(8, "dropped_table_map")] public Dictionary<long, long>? DroppedTableMap { get; set; }
    [ThriftField(9, "dropped_index_map")] public Dictionary<long, long>? DroppedIndexMap { get; set; }
}

/// <summary>getMeta result: a table and its partitions.</summary>
[ThriftStruct("TGetMetaTableMeta")]
public sealed class TGetMetaTableMeta
{
    [ThriftField(1, "id")] public long? Id { get; set; }
    [ThriftField(2, "name")] public string? Name { get; set; }
    [ThriftField(3, "in_trash")] public bool? InTrash { get; set; }
    [ThriftField(4, "partitions")] public List<TGetMetaPartitionMeta>? Partitions { get; set; }
    [ThriftField(5, "type")] public string? Type { get; set; }
}

/// <summary>getMeta result: a partition; <see cref="Range"/> joins source and target partitions.</summary>
[ThriftStruct("TGetMetaPartitionMeta")]
public sealed class TGetMetaPartitionMeta
{
    [ThriftField(1, "id")] public long? Id { get; set; }
    [ThriftField(2, "name")] public string? Name { get; set; }
    [ThriftField(3, "key")] public string? Key { get; set; }
    [ThriftField(4, "range")] public string? Range { get; set; }
    [ThriftField(5, "visible_version")] public long? VisibleVersion { get; set; }
    [ThriftField(6, "is_temp")] public bool? IsTemp { get; set; }
    [ThriftField(7, "indexes")] public List<TGetMetaIndexMeta>? Indexes { get; set; }
}

/// <summary>getMeta result: an index (base, rollup or shadow) and its tablets.</summary>
[ThriftStruct("TGetMetaIndexMeta")]
public sealed class TGetMetaIndexMeta
{
    [ThriftField(1, "id")] public long? Id { get; set; }
    [ThriftField(2, "name")] public string? Name { get; set; }
    [ThriftField(3, "tablets")] public List<TGetMetaTabletMeta>? Tablets { get; set; }
}

/// <summary>getMeta result: a tablet and its replicas.</summary>
[ThriftStruct("TGetMetaTabletMeta")]
public sealed class TGetMetaTabletMeta
{
    [ThriftField(1, "id")] public long? Id { get; set; }
    [ThriftField(2, "replicas")] public List<TGetMetaReplicaMeta>? Replicas { get; set; }
}

/// <summary>getMeta result: a replica, the backend holding it and its version.</summary>
[ThriftStruct("TGetMetaReplicaMeta")]
public sealed class TGetMetaReplicaMeta
{
    [ThriftField(1, "id")] public long? Id { get; set; }
    [ThriftField(2, "backend_id")] public long? BackendId { get; set; }
    [ThriftField(3, "version")] public long? Version { get; set; }
}

/// <summary>FrontendService.getBackendMeta request.</summary>
[ThriftStruct("TGetBackendMetaRequest")]
public sealed class TGetBackendMetaRequest
{
    [ThriftField(1, "cluster")] public string? Cluster { get; set; }
    [ThriftField(2, "user")] public string? User { get; set; }
    [ThriftField(3, "passwd")] public string? Passwd { get; set; }
    [ThriftField(4, "user_ip")] public string? UserIp { get; set; }
    [ThriftField(5, "token")] public string? Token { get; set; }
    [ThriftField(6, "backend_id")] public long? BackendId { get; set; }
}

/// <summary>FrontendService.getBackendMeta result.</summary>
[ThriftStruct("TGetBackendMetaResult")]
public sealed class TGetBackendMetaResult : IDorisResult
{
    [ThriftField(1, "status")] public TStatus Status { get; set; } = new();
    [ThriftField(2, "backends")] public List<TBackend>? Backends { get; set; }
    [ThriftField(3, "master_address")] public TNetworkAddress? MasterAddress { get; set; }
}
