using Syncer.Observability;

namespace Syncer.Tests.Observability;

public sealed class SyncerMetricsTests
{
    [Fact]
    public async Task Job_series_carry_a_job_label_and_disappear_with_the_job()
    {
        var metrics = new SyncerMetrics(TimeProvider.System);
        metrics.JobCreated("a\"b");
        metrics.HandlingCommitSeq("a\"b", 42);
        metrics.PrevCommitSeq("a\"b", 41);
        metrics.BinlogHandled("a\"b");
        metrics.Lag("a\"b", 7);
        metrics.SyncError("meta", panic: false);
        var text = await metrics.RenderAsync(CancellationToken.None);
        Assert.Contains("# TYPE ccr_job_handling_commit_seq gauge\n", text, StringComparison.Ordinal);
        Assert.Contains("ccr_job_handling_commit_seq{job=\"a\\\"b\"} 42\n", text, StringComparison.Ordinal);
        Assert.Contains("ccr_job_prev_commit_seq{job=\"a\\\"b\"} 41\n", text, StringComparison.Ordinal);
        Assert.Contains("ccr_job_handled_binlogs_total{job=\"a\\\"b\"} 1\n", text, StringComparison.Ordinal);
        Assert.Contains("ccr_job_lag{job=\"a\\\"b\"} 7\n", text, StringComparison.Ordinal);
        Assert.Contains("ccr_binlogs_handled_total 1\n", text, StringComparison.Ordinal);
        Assert.Contains("ccr_jobs_created_total 1\n", text, StringComparison.Ordinal);
        Assert.Contains("ccr_sync_errors_total{category=\"meta\",kind=\"recoverable\"} 1\n", text, StringComparison.Ordinal);
        metrics.RemoveJob("a\"b");
        Assert.DoesNotContain("job=\"a\\\"b\"", await metrics.RenderAsync(CancellationToken.None), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Apply_latency_fills_the_histogram_and_the_sum_and_count_counters()
    {
        var metrics = new SyncerMetrics(TimeProvider.System);
        metrics.JobCreated("j");
        metrics.BinlogApplied("j", TimeSpan.FromMilliseconds(30), 7);
        metrics.BinlogApplied("j", TimeSpan.FromSeconds(3), 8);
        var text = await metrics.RenderAsync(CancellationToken.None);
        Assert.Contains("# TYPE ccr_job_apply_latency_seconds histogram\n", text, StringComparison.Ordinal);
        Assert.Contains("ccr_job_apply_latency_seconds_bucket{job=\"j\",le=\"0.025\"} 0\n", text, StringComparison.Ordinal);
        Assert.Contains("ccr_job_apply_latency_seconds_bucket{job=\"j\",le=\"0.05\"} 1\n", text, StringComparison.Ordinal);
        Assert.Contains("ccr_job_apply_latency_seconds_bucket{job=\"j\",le=\"5\"} 2\n", text, StringComparison.Ordinal);
        Assert.Contains("ccr_job_apply_latency_seconds_bucket{job=\"j\",le=\"+Inf\"} 2\n", text, StringComparison.Ordinal);
        Assert.Contains("ccr_job_apply_latency_seconds_count{job=\"j\"} 2\n", text, StringComparison.Ordinal);
        Assert.Contains("ccr_job_apply_latency_seconds_sum{job=\"j\"} 3.03\n", text, StringComparison.Ordinal);
        Assert.Contains("# TYPE ccr_job_apply_seconds_count counter\n", text, StringComparison.Ordinal);
        Assert.Contains("ccr_job_apply_seconds_count{job=\"j\"} 2\n", text, StringComparison.Ordinal);
        Assert.Contains("ccr_job_handling_commit_seq{job=\"j\"} 8\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Only_the_current_sync_state_of_a_job_is_1()
    {
        var metrics = new SyncerMetrics(TimeProvider.System);
        metrics.Progress("j", "TableFullSync", 0);
        metrics.Progress("j", "TableIncrementalSync", 12);
        var text = await metrics.RenderAsync(CancellationToken.None);
        Assert.Contains("ccr_job_sync_state{job=\"j\",sync_state=\"TableIncrementalSync\"} 1\n", text, StringComparison.Ordinal);
        Assert.DoesNotContain("sync_state=\"TableFullSync\"", text, StringComparison.Ordinal);
        Assert.Contains("ccr_job_prev_commit_seq{job=\"j\"} 12\n", text, StringComparison.Ordinal);
    }
}
