using MiniDoris.Fe.Catalog;

namespace MiniDoris.Fe.Ddl;

/// <summary>Creates partitions, their index tablets and replicas, placing replicas over the alive backends.</summary>
internal static class TabletAllocator
{
    public static Partition CreatePartition(
        ClusterState state, OlapTable table, string name, PartitionItem? item, DistributionInfo distribution, bool temp, IEnumerable<long> indexIds)
    {
        var partition = new Partition
        {
            Id = state.NextId(),
            Name = name,
            Item = item,
            Distribution = distribution.Clone(),
            IsTemp = temp,
            ReplicationNum = table.ReplicationNum,
            VisibleVersionTime = state.NowMs(),
        };
        foreach (var indexId in indexIds)
        {
            partition.Indexes.Add(CreateIndex(state, indexId, distribution.BucketNum, table.ReplicationNum));
        }

        return partition;
    }

    public static MaterializedIndex CreateIndex(ClusterState state, long indexId, int buckets, short replicationNum)
    {
        var index = new MaterializedIndex { Id = indexId };
        for (var b = 0; b < buckets; b++)
        {
            var tablet = new Tablet { Id = state.NextId() };
            foreach (var backend in PickBackends(state, replicationNum, tablet.Id))
            {
                tablet.Replicas.Add(new Replica { Id = state.NextId(), BackendId = backend.Id, Version = 1 });
            }

            index.Tablets.Add(tablet);
        }

        return index;
    }

    /// <summary>Checks there are enough alive backends for a replication number, with Doris's message otherwise.</summary>
    public static void CheckReplication(ClusterState state, short replicationNum)
    {
        if (replicationNum <= 0)
        {
            throw DorisErrors.Generic("Replication num should larger than 0. (suggested 3)");
        }

        if (state.Backends.Count(b => b.IsAlive) < replicationNum)
        {
            throw DorisErrors.Generic(
                "Failed to find enough backend, please check the replication num,replication tag and storage medium and avail capacity of backends "
                + "or maybe all be on same host.\nCreate failed replications:\nreplication tag: {\"location\" : \"default\"}, replication num: "
                + replicationNum + ", storage medium: HDD");
        }
    }

    private static IEnumerable<Backend> PickBackends(ClusterState state, short count, long salt)
    {
        var alive = state.Backends.Where(b => b.IsAlive).OrderBy(b => b.Id).ToList();
        var start = (int)(salt % alive.Count);
        for (var i = 0; i < count; i++)
        {
            yield return alive[(start + i) % alive.Count];
        }
    }
}
