namespace MiniDoris.Fe.Rpc;

/// <summary>TGetMetaResult.</summary>
public sealed record MetaResponse(RpcStatus Status, MetaDb? Db);

/// <summary>TGetMetaDBMeta: tables plus the ids dropped since GC (lists and id → commit seq maps).</summary>
public sealed record MetaDb(
    long Id,
    string Name,
    IReadOnlyList<MetaTable> Tables,
    IReadOnlyList<long> DroppedPartitions,
    IReadOnlyList<long> DroppedTables,
    IReadOnlyList<long> DroppedIndexes,
    IReadOnlyDictionary<long, long> DroppedPartitionMap,
    IReadOnlyDictionary<long, long> DroppedTableMap,
    IReadOnlyDictionary<long, long> DroppedIndexMap);

/// <summary>TGetMetaTableMeta.</summary>
public sealed record MetaTable(long Id, string Name, bool InTrash, string Type, IReadOnlyList<MetaPartition> Partitions);

/// <summary>TGetMetaPartitionMeta.</summary>
public sealed record MetaPartition(long Id, string Name, string Key, string Range, long VisibleVersion, bool IsTemp, IReadOnlyList<MetaIndex> Indexes);

/// <summary>TGetMetaIndexMeta.</summary>
public sealed record MetaIndex(long Id, string Name, IReadOnlyList<MetaTablet> Tablets);

/// <summary>TGetMetaTabletMeta.</summary>
public sealed record MetaTablet(long Id, IReadOnlyList<MetaReplica> Replicas);

/// <summary>TGetMetaReplicaMeta.</summary>
public sealed record MetaReplica(long Id, long BackendId, long Version);
