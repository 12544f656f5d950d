using Syncer.HighAvailability;
using Syncer.Store;

namespace Syncer.Tests.HighAvailability;

public sealed class JobAssignmentPlannerTests
{
    private static List<JobOwnership> Jobs(params (string Owner, int Count)[] owners) =>
        owners.SelectMany(o => Enumerable.Range(0, o.Count).Select(i => new JobOwnership($"{o.Owner}-job{i:D3}", o.Owner, 5))).ToList();

    private static Dictionary<string, int> LoadAfter(IReadOnlyList<JobOwnership> jobs, IReadOnlyList<JobAssignment> plan)
    {
        var owner = jobs.ToDictionary(j => j.Name, j => j.Owner);
        foreach (var move in plan) owner[move.Name] = move.To;
        return owner.Values.GroupBy(o => o).ToDictionary(g => g.Key, g => g.Count());
    }

    [Fact]
    public void Jobs_of_a_dead_instance_are_spread_over_the_live_ones()
    {
        var jobs = Jobs(("a", 4), ("b", 4), ("dead", 4));
        var plan = JobAssignmentPlanner.Plan(jobs, ["a", "b"], mayTakeOrphans: true);
        Assert.Equal(4, plan.Count);
        Assert.All(plan, m => Assert.Equal(("dead", 5L), (m.From, m.FromEpoch)));
        Assert.Equal(new Dictionary<string, int> { ["a"] = 6, ["b"] = 6 }, LoadAfter(jobs, plan));
    }

    [Fact]
    public void Orphans_wait_while_the_leader_has_not_been_in_touch_for_a_lease()
    {
        var jobs = Jobs(("a", 2), ("dead", 3));
        Assert.Empty(JobAssignmentPlanner.Plan(jobs, ["a"], mayTakeOrphans: false));
    }

    [Fact]
    public void A_joining_instance_receives_a_fair_share_and_nobody_differs_by_more_than_one()
    {
        var jobs = Jobs(("a", 100), ("b", 100), ("c", 100));
        var plan = JobAssignmentPlanner.Plan(jobs, ["a", "b", "c", "d"], mayTakeOrphans: true);
        Assert.Equal(75, plan.Count);
        Assert.Equal(new Dictionary<string, int> { ["a"] = 75, ["b"] = 75, ["c"] = 75, ["d"] = 75 }, LoadAfter(jobs, plan));
        Assert.All(plan, m => Assert.Equal("d", m.To));
    }

    [Fact]
    public void A_balanced_assignment_is_left_alone()
    {
        var jobs = Jobs(("a", 3), ("b", 2), ("c", 3));
        Assert.Empty(JobAssignmentPlanner.Plan(jobs, ["a", "b", "c"], mayTakeOrphans: true));
    }

    [Fact]
    public void New_jobs_created_on_one_instance_are_spread_and_each_job_moves_at_most_once()
    {
        var jobs = Jobs(("a", 300));
        var plan = JobAssignmentPlanner.Plan(jobs, ["a", "b", "c"], mayTakeOrphans: true);
        Assert.Equal(200, plan.Count);
        Assert.Equal(plan.Count, plan.Select(m => m.Name).Distinct().Count());
        Assert.Equal(new Dictionary<string, int> { ["a"] = 100, ["b"] = 100, ["c"] = 100 }, LoadAfter(jobs, plan));
    }

    [Fact]
    public void Unowned_jobs_go_to_the_least_loaded_instance()
    {
        var jobs = new List<JobOwnership> { new("x", "", 0), new("y", "a", 1) };
        var plan = JobAssignmentPlanner.Plan(jobs, ["a", "b"], mayTakeOrphans: true);
        Assert.Equal([new JobAssignment("x", 0, "", "b")], plan);
    }

    [Fact]
    public void The_plan_is_deterministic() =>
        Assert.Equal(JobAssignmentPlanner.Plan(Jobs(("a", 10), ("dead", 7)), ["c", "a", "b"], true),
            JobAssignmentPlanner.Plan(Jobs(("a", 10), ("dead", 7)), ["b", "c", "a"], true));
}
