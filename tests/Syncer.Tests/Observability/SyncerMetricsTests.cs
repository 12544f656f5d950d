using Syncer.Observability;

namespace Syncer.Tests.Observability;

public sealed class SyncerMetricsTests
{
    [Fact]
    public void Job_series_carry_a_job_label_and_disappear_with_the_job()
    {
        var metrics = new SyncerMetrics(TimeProvider.System);
        metrics.JobCreated("a\"b");
        metrics.HandlingCommitSeq("a\"b", 42);
        metrics.PrevCommitSeq("a\"b", 41);
        metrics.BinlogHandled("a\"b");
        metrics.Lag("a\"b", 7);
        metrics.SyncError("meta", panic: false);
        var text = metrics.Render();
        Assert.Contains("# TYPE ccr_job_handling_commit_seq gauge\n", text, StringComparison.Ordinal);
        Assert.Contains("ccr_job_handling_commit_seq{job=\"a\\\"b\"} 42\n", text, StringComparison.Ordinal);
        Assert.Contains("ccr_job_prev_commit_seq{job=\"a\\\"b\"} 41\n", text, StringComparison.Ordinal);
        Assert.Contains("ccr_job_handled_binlogs_total{job=\"a\\\"b\"} 1\n", text, StringComparison.Ordinal);
        Assert.Contains("ccr_job_lag{job=\"a\\\"b\"} 7\n", text, StringComparison.Ordinal);
        Assert.Contains("ccr_binlogs_handled_total 1\n", text, StringComparison.Ordinal);
        Assert.Contains("ccr_jobs_created_total 1\n", text, StringComparison.Ordinal);
        Assert.Contains("ccr_sync_errors_total{category=\"meta\",kind=\"recoverable\"} 1\n", text, StringComparison.Ordinal);
        metrics.RemoveJob("a\"b");
        Assert.DoesNotContain("job=\"a\\\"b\"", metrics.Render(), StringComparison.Ordinal);
    }
}
