using Syncer.Store;

namespace Syncer.HighAvailability;

/// <summary>
/// What the leader decides on each check-in, as a pure function of the store's view: jobs whose owner is not a live
/// instance go to the least-loaded live instance, then jobs move from the most- to the least-loaded instance until no
/// two instances differ by more than one job (so an instance that joins receives its share). Deterministic: ties are
/// broken by instance name and the job moved is the last by name, so two leaders in a row plan the same moves.
/// </summary>
public static class JobAssignmentPlanner
{
    /// <summary>The moves that make the assignment complete and fair.</summary>
    /// <param name="jobs">Every job with its owner and epoch.</param>
    /// <param name="liveInstances">Instances whose lease has not expired (the leader among them).</param>
    /// <param name="mayTakeOrphans">
    /// False while the leader itself has not been in touch with the store for a whole lease (just after a store outage
    /// every other instance looks dead until it re-registers): orphans wait, only live instances are balanced.
    /// </param>
    public static IReadOnlyList<JobAssignment> Plan(IReadOnlyList<JobOwnership> jobs, IReadOnlyCollection<string> liveInstances, bool mayTakeOrphans)
    {
        var moves = new List<JobAssignment>();
        if (liveInstances.Count == 0) return moves;
        var load = liveInstances.Distinct(StringComparer.Ordinal)
            .ToDictionary(i => i, _ => new SortedSet<string>(StringComparer.Ordinal), StringComparer.Ordinal);
        var epochs = jobs.ToDictionary(j => j.Name, j => j.OwnerEpoch, StringComparer.Ordinal);
        var orphans = new List<JobOwnership>();
        foreach (var job in jobs)
        {
            if (load.TryGetValue(job.Owner, out var owned)) owned.Add(job.Name);
            else orphans.Add(job);
        }
        if (mayTakeOrphans)
        {
            foreach (var orphan in orphans.OrderBy(j => j.Name, StringComparer.Ordinal))
            {
                var target = LeastLoaded(load);
                load[target].Add(orphan.Name);
                moves.Add(new JobAssignment(orphan.Name, orphan.OwnerEpoch, orphan.Owner, target));
            }
        }
        var moved = new Dictionary<string, int>(StringComparer.Ordinal);
        while (true)
        {
            var most = MostLoaded(load);
            var least = LeastLoaded(load);
            if (load[most].Count - load[least].Count <= 1) break;
            var job = load[most].Max!;
            load[most].Remove(job);
            load[least].Add(job);
            var existing = moves.FindIndex(m => m.Name == job);
            if (existing >= 0) moves[existing] = moves[existing] with { To = least };
            else moves.Add(new JobAssignment(job, epochs[job], most, least));
        }
        return moves;
    }

    private static string LeastLoaded(Dictionary<string, SortedSet<string>> load) =>
        load.OrderBy(p => p.Value.Count).ThenBy(p => p.Key, StringComparer.Ordinal).First().Key;

    private static string MostLoaded(Dictionary<string, SortedSet<string>> load) =>
        load.OrderByDescending(p => p.Value.Count).ThenBy(p => p.Key, StringComparer.Ordinal).First().Key;
}
