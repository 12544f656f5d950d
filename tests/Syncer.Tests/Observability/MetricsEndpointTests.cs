using System.Net;
using Syncer.Store;
using Syncer.Tests.Support;

namespace Syncer.Tests.Observability;

/// <summary>/metrics scraped over HTTP from a running syncer (prometheus-net behind Kestrel).</summary>
public sealed class MetricsEndpointTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Jobs_recovered_at_start_have_their_series_before_they_change()
    {
        int port;
        await using (var first = await RunningSyncer.StartAsync(directory: _dir.Path))
        {
            port = first.Options.Port;
            await first.Service.Get<IJobStore>().AddJobAsync(JobSamples.Table("kept"), first.Options.Identity,
                "{\"job_name\":\"kept\",\"sync_state\":501,\"prev_commit_seq\":100,\"commit_seq\":103}", CancellationToken.None);
        }
        // Same port, so the same identity: the job is this instance's and is recovered at start.
        await using var second = await RunningSyncer.StartAsync(directory: _dir.Path, configure: o => o.Port = port);
        using var response = await second.Http.GetAsync("/metrics");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
        var text = await response.Content.ReadAsStringAsync();
        Assert.Contains("ccr_job_prev_commit_seq{job=\"kept\"} 100\n", text, StringComparison.Ordinal);
        Assert.Contains("ccr_job_handling_commit_seq{job=\"kept\"} 103\n", text, StringComparison.Ordinal);
        Assert.Contains("ccr_job_sync_state{job=\"kept\",sync_state=\"TableIncrementalSync\"} 1\n", text, StringComparison.Ordinal);
        Assert.Contains("ccr_job_state{job=\"kept\",state=\"running\"} 1\n", text, StringComparison.Ordinal);
        Assert.Contains("ccr_job_handled_binlogs_total{job=\"kept\"} 0\n", text, StringComparison.Ordinal);
        Assert.Contains("ccr_job_apply_latency_seconds_count{job=\"kept\"} 0\n", text, StringComparison.Ordinal);
        Assert.Contains("ccr_jobs_created_total 0\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Every_family_keeps_its_name_and_type()
    {
        await using var syncer = await RunningSyncer.StartAsync(directory: _dir.Path);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/metrics");
        using var response = await syncer.Http.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var text = await response.Content.ReadAsStringAsync();
        string[] expected =
        [
            "ccr_job_handling_commit_seq gauge", "ccr_job_prev_commit_seq gauge", "ccr_job_handled_binlogs_total counter", "ccr_job_lag gauge",
            "ccr_job_state gauge", "ccr_job_apply_seconds_sum counter", "ccr_job_apply_seconds_count counter",
            "ccr_job_apply_latency_seconds histogram", "ccr_job_errors_total counter", "ccr_job_sync_state gauge",
            "ccr_binlogs_handled_total counter", "ccr_jobs_created_total counter", "ccr_sync_errors_total counter",
            "process_start_time_seconds gauge", "process_resident_memory_bytes gauge", "dotnet_gc_heap_size_bytes gauge",
            "ccr_syncer_is_leader gauge", "ccr_syncer_owned_jobs gauge", "ccr_syncer_lease_age_seconds gauge",
            "ccr_job_filtered_binlogs_total counter", "ccr_job_kept_drops_total counter",
        ];
        foreach (var family in expected) Assert.Contains($"# TYPE {family}\n", text, StringComparison.Ordinal);
        Assert.Equal(expected.Length, text.Split('\n').Count(l => l.StartsWith("# TYPE ", StringComparison.Ordinal)));
        Assert.Matches(@"\nprocess_resident_memory_bytes [1-9][0-9]*(\.[0-9]+)?(e\+[0-9]+)?\n", text);
    }
}
