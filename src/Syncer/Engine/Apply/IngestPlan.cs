using System.Globalization;
using Syncer.Doris.Binlog.Records;
using Syncer.Doris.Thrift;

namespace Syncer.Engine.Apply;

/// <summary>One ingest_binlog call: which target BE pulls which source tablet version into which target tablet.</summary>
public sealed record IngestTask(string TargetHost, int TargetBePort, long TargetBackendId, long TargetPartitionId, long TargetTabletId,
    long SourceTabletId, long Version, string SourceHost, int SourceHttpPort);

/// <summary>
/// Pairs an upsert's source partitions, indexes and tablets with the target's (docs/doris-facts.md, "Incremental apply of an UPSERT": partitions by range
/// string, indexes by name with the base index following the table name, tablets in ascending id order, a source
/// replica whose version covers the binlog's, round-robin). Pure: the layouts come in, the tasks or the reason they
/// cannot be built go out, so the caller decides whether to refresh its cached layouts and try once more.
/// </summary>
public static class IngestPlan
{
    /// <summary>Builds the tasks, or returns the first mismatch as <paramref name="problem"/>.</summary>
    public static IReadOnlyList<IngestTask>? TryBuild(
        UpsertTableRecord record,
        IEnumerable<UpsertPartitionRecord> partitions,
        TableLayout source,
        IReadOnlyDictionary<long, TBackend> sourceBackends,
        TableLayout target,
        IReadOnlyDictionary<long, TBackend> targetBackends,
        IReadOnlySet<long> shadowIndexes,
        bool versionsAreFresh,
        out string problem)
    {
        problem = "";
        var tasks = new List<IngestTask>();
        var roundRobin = 0;
        var srcTable = source.Table;
        var dstTable = target.Table;
        foreach (var partition in partitions)
        {
            if (source.DroppedPartitions.Contains(partition.PartitionId)) continue;
            // By id: a truncated or replaced partition keeps its range but gets a new id and new tablets, so a layout
            // that knows the range under another id is out of date.
            var srcPartition = srcTable.Partitions?.FirstOrDefault(p => p.Id == partition.PartitionId && p.IsTemp != true);
            if (srcPartition is null || srcPartition.Range != partition.Range)
            {
                problem = $"source partition {partition.PartitionId} with range {partition.Range} not found in table {srcTable.Name}";
                return null;
            }
            var dstPartition = dstTable.Partitions?.FirstOrDefault(p => p.Range == partition.Range && p.IsTemp != true);
            if (dstPartition is null)
            {
                problem = $"target partition with range {partition.Range} not found in table {dstTable.Name}";
                return null;
            }
            foreach (var indexId in record.IndexIds)
            {
                if (source.DroppedIndexes.Contains(indexId) || shadowIndexes.Contains(indexId)) continue;
                var srcIndex = srcPartition.Indexes?.FirstOrDefault(i => i.Id == indexId);
                if (srcIndex is null)
                {
                    problem = $"source index {indexId} not found in partition {srcPartition.Name}";
                    return null;
                }
                var dstName = srcIndex.Name == srcTable.Name ? dstTable.Name : srcIndex.Name;
                var dstIndex = dstPartition.Indexes?.FirstOrDefault(i => i.Name == dstName);
                if (dstIndex is null)
                {
                    problem = $"target index {dstName} not found in partition {dstPartition.Name}";
                    return null;
                }
                var srcTablets = (srcIndex.Tablets ?? []).OrderBy(t => t.Id).ToList();
                var dstTablets = (dstIndex.Tablets ?? []).OrderBy(t => t.Id).ToList();
                if (srcTablets.Count != dstTablets.Count)
                {
                    problem = $"index {srcIndex.Name} of partition {srcPartition.Name} has {srcTablets.Count} source tablets but {dstTablets.Count} target tablets";
                    return null;
                }
                for (var i = 0; i < srcTablets.Count; i++)
                {
                    var replicas = (srcTablets[i].Replicas ?? []).Where(r => r.BackendId is not null).ToList();
                    // A cached layout predates the load, so its versions cannot show it: take the replicas that were
                    // up to date then (a lagging one may miss the version; the ingest then fails and the layout is
                    // read again). A fresh layout is checked against the binlog's version itself.
                    var newest = replicas.Count == 0 ? 0 : replicas.Max(r => r.Version ?? 0);
                    var eligible = replicas.Where(r => versionsAreFresh ? r.Version >= partition.Version : r.Version == newest).ToList();
                    if (eligible.Count == 0)
                    {
                        problem = $"no replica of source tablet {srcTablets[i].Id} has version {partition.Version.ToString(CultureInfo.InvariantCulture)} yet";
                        return null;
                    }
                    foreach (var dstReplica in dstTablets[i].Replicas ?? [])
                    {
                        var srcReplica = eligible[roundRobin++ % eligible.Count];
                        if (!sourceBackends.TryGetValue(srcReplica.BackendId!.Value, out var srcBe))
                        {
                            problem = $"source backend {srcReplica.BackendId} is unknown";
                            return null;
                        }
                        if (dstReplica.BackendId is not { } dstBeId || !targetBackends.TryGetValue(dstBeId, out var dstBe))
                        {
                            problem = $"target backend {dstReplica.BackendId} is unknown";
                            return null;
                        }
                        tasks.Add(new IngestTask(dstBe.Host, dstBe.BePort, dstBeId, dstPartition.Id ?? 0, dstTablets[i].Id ?? 0,
                            srcTablets[i].Id ?? 0, partition.Version, srcBe.Host, srcBe.HttpPort));
                    }
                }
            }
        }
        return tasks;
    }
}
