using System.Text.Json;
using MiniDoris.Be;
using MiniDoris.Fe.Catalog;
using MiniDoris.Fe.Txn;
using MiniDoris.Storage;

namespace MiniDoris.Fe.Load;

/// <summary>Writes and removes tablet rowsets on behalf of loads and DDL.</summary>
internal static class LoadStorage
{
    /// <summary>
    /// Stages one rowset per tablet of every index of a partition for a transaction: the rows routed to that
    /// bucket (possibly none) or a delete predicate. Doris gives every tablet of a loaded partition a rowset at
    /// the new version, so versions stay contiguous on every tablet.
    /// </summary>
    public static void StageRowsets(
        ClusterState state, TransactionState txn, OlapTable table, Partition partition,
        IReadOnlyDictionary<int, List<object?[]>> rowsByBucket, string? deletePredicate)
    {
        foreach (var index in partition.Indexes)
        {
            for (var bucket = 0; bucket < index.Tablets.Count; bucket++)
            {
                var rows = rowsByBucket.GetValueOrDefault(bucket) ?? [];
                WriteRowset(state, txn.TxnId, table, partition, index.Id, index.Tablets[bucket].Id, rows, deletePredicate, null);
            }
        }
    }

    /// <summary>Writes a rowset; <paramref name="version"/> null stages it for the transaction's publish.</summary>
    public static void WriteRowset(
        ClusterState state, long txnId, OlapTable table, Partition partition, long indexId, long tabletId,
        IReadOnlyList<object?[]> rows, string? deletePredicate, long? version)
    {
        var meta = new RowsetMeta
        {
            RowsetId = state.NextRowsetId(),
            TabletId = tabletId,
            PartitionId = partition.Id,
            IndexId = indexId,
            TxnId = txnId,
            Version = version,
            NumRows = rows.Count,
            NumSegments = rows.Count > 0 ? 1 : 0,
            DeletePredicate = deletePredicate,
            CreationTime = state.NowMs() / 1000,
        };
        var data = rows.Count > 0 ? RowsetCodec.EncodeSegment(table.Columns, rows) : null;
        state.Store.InsertRowset(new StoredRowset(meta.RowsetId, tabletId, version, txnId, rows.Count, JsonSerializer.Serialize(meta), data));
    }

    public static void DeleteTableData(ClusterState state, OlapTable table)
    {
        foreach (var partition in table.AllPartitions())
        {
            DeletePartitionData(state, partition);
        }
    }

    public static void DeletePartitionData(ClusterState state, Partition partition)
    {
        foreach (var tablet in partition.AllTablets())
        {
            state.Store.DeleteRowsetsOfTablet(tablet.Id);
        }
    }
}
