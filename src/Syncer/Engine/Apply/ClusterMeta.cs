using Syncer.Doris.Rpc;
using Syncer.Doris.Thrift;
using Syncer.Jobs;

namespace Syncer.Engine.Apply;

/// <summary>
/// One cluster's table layout as getMeta/getBackendMeta describe it (partitions → indexes → tablets → replicas, and the
/// BEs), cached per table: layouts change rarely, so an upsert asks the FE again only when something it needs is missing
/// or a replica is behind (<see cref="Invalidate"/>).
/// </summary>
public sealed class ClusterMeta(IFrontendService fe, ClusterSpec cluster, bool isTarget = false)
{
    private readonly Dictionary<long, TableLayout> _tables = [];
    private Dictionary<long, TBackend>? _backends;

    /// <summary>The table's layout, from the cache unless <paramref name="refresh"/>.</summary>
    public async Task<TableLayout> TableAsync(long databaseId, long tableId, bool refresh, CancellationToken cancellationToken)
    {
        if (!refresh && _tables.TryGetValue(tableId, out var cached)) return cached;
        var result = await fe.GetMetaAsync(new TGetMetaRequest
        {
            Cluster = cluster.Cluster.Length > 0 ? cluster.Cluster : null,
            User = cluster.User,
            Passwd = cluster.Password,
            Db = new TGetMetaDB { Id = databaseId, Tables = [new TGetMetaTable { Id = tableId }] },
        }, cancellationToken).ConfigureAwait(false);
        if (ThriftStatus.CodeOf(result.Status) != TStatusCode.OK || result.DbMeta is null)
            throw Failure($"getMeta of table {tableId}", result.Status);
        var db = result.DbMeta;
        var table = db.Tables?.FirstOrDefault(t => t.Id == tableId)
            ?? throw Drift($"table {tableId} is not in database {cluster.Database} on {cluster.Address}");
        var layout = new TableLayout(table,
            [.. db.DroppedPartitions ?? [], .. db.DroppedPartitionMap?.Keys ?? Enumerable.Empty<long>()],
            [.. db.DroppedIndexes ?? [], .. db.DroppedIndexMap?.Keys ?? Enumerable.Empty<long>()],
            [.. db.DroppedTables ?? [], .. db.DroppedTableMap?.Keys ?? Enumerable.Empty<long>()]);
        _tables[tableId] = layout;
        return layout;
    }

    /// <summary>The cluster's BEs by id, from the cache unless <paramref name="refresh"/>.</summary>
    public async Task<IReadOnlyDictionary<long, TBackend>> BackendsAsync(bool refresh, CancellationToken cancellationToken)
    {
        if (!refresh && _backends is not null) return _backends;
        var result = await fe.GetBackendMetaAsync(new TGetBackendMetaRequest
        {
            Cluster = cluster.Cluster,
            User = cluster.User,
            Passwd = cluster.Password,
        }, cancellationToken).ConfigureAwait(false);
        if (ThriftStatus.CodeOf(result.Status) != TStatusCode.OK || result.Backends is null)
            throw Failure("getBackendMeta", result.Status);
        _backends = result.Backends.Where(b => b.__isset.id).ToDictionary(b => b.Id);
        return _backends;
    }

    // Only a missing database or table is metadata drift (the Go syncer took every refusal for one and full-synced
    // on a busy FE); anything else is retried as it is.
    private SyncException Failure(string call, TStatus? status)
    {
        var message = $"{call} on {cluster.Address}: {ThriftStatus.Describe(status)}";
        return ThriftStatus.Mentions(status, "not found") || ThriftStatus.Mentions(status, "does not exist") || ThriftStatus.Mentions(status, "unknown")
            ? Drift(message)
            : SyncException.Transient(message);
    }

    // A target table that went missing under the syncer is drift of the target (the job's schema_drift_policy decides).
    private SyncException Drift(string message) => isTarget ? SyncException.TargetDrift(message) : SyncException.Meta(message);

    /// <summary>Forgets everything cached (after a full sync or a layout surprise).</summary>
    public void Invalidate()
    {
        _tables.Clear();
        _backends = null;
    }
}

/// <summary>One table's layout and the ids the FE reported as dropped.</summary>
public sealed record TableLayout(TGetMetaTableMeta Table, HashSet<long> DroppedPartitions, HashSet<long> DroppedIndexes, HashSet<long> DroppedTables);
