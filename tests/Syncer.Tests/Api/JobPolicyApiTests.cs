using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Syncer.Jobs;
using Syncer.Store;
using Syncer.Tests.Support;

namespace Syncer.Tests.Api;

/// <summary>The policy fields of /create_ccr and the done state over a real Kestrel port (no cluster is contacted).</summary>
public sealed class JobPolicyApiTests : IAsyncLifetime
{
    private const string Spec = "\"host\":\"127.0.0.1\",\"port\":\"9030\",\"thrift_port\":\"9020\",\"user\":\"root\"";

    private RunningSyncer _syncer = null!;

    public async Task InitializeAsync() => _syncer = await RunningSyncer.StartAsync();

    public async Task DisposeAsync() => await _syncer.DisposeAsync();

    private IJobStore Store => _syncer.Service.Get<IJobStore>();

    [Theory]
    [InlineData("\"mode\":\"bogus\"", "invalid JSON request body at $.mode: expected \"continuous\" or \"once\", got \"bogus\"")]
    [InlineData("\"mode\":true", "invalid JSON request body at $.mode: expected \"continuous\" or \"once\"")]
    [InlineData("\"drop_policy\":\"sometimes\"", "invalid JSON request body at $.drop_policy: expected \"propagate\" or \"keep\", got \"sometimes\"")]
    [InlineData("\"schema_drift_policy\":\"\"", "invalid JSON request body at $.schema_drift_policy: expected \"replace\" or \"stop\", got \"\"")]
    [InlineData("\"include_tables\":\"orders\"", "invalid JSON request body at $.include_tables")]
    public async Task Unknown_policy_values_are_a_400_naming_the_field_and_the_accepted_words(string field, string message)
    {
        using var response = await _syncer.PostAsync("/create_ccr",
            $"{{\"name\":\"j\",\"src\":{{{Spec},\"database\":\"d\"}},\"dest\":{{{Spec},\"database\":\"e\"}},{field}}}");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var answer = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.False(answer.GetProperty("success").GetBoolean());
        Assert.StartsWith(message, answer.GetProperty("error_msg").GetString(), StringComparison.Ordinal);
        Assert.Empty(await Store.ListJobsAsync(CancellationToken.None));
    }

    [Theory]
    [InlineData("\"include_tables\":[\"orders\"]", "include_tables is for database jobs; a table job replicates src.table only (leave src.table and dest.table empty to sync the database)")]
    [InlineData("\"exclude_tables\":[\"tmp_*\"]", "exclude_tables is for database jobs; a table job replicates src.table only (leave src.table and dest.table empty to sync the database)")]
    public async Task Filters_on_a_table_job_are_refused(string field, string message)
    {
        var answer = await CreateRawAsync($"\"src\":{{{Spec},\"database\":\"d\",\"table\":\"t\"}},\"dest\":{{{Spec},\"database\":\"e\",\"table\":\"t\"}},{field}");
        Assert.Equal(message, answer.GetProperty("error_msg").GetString());
    }

    [Fact]
    public async Task A_bad_pattern_is_refused_before_any_cluster_is_contacted()
    {
        var answer = await CreateRawAsync($"\"src\":{{{Spec},\"database\":\"d\"}},\"dest\":{{{Spec},\"database\":\"e\"}},\"include_tables\":[\"a\",\"b[\"]");
        Assert.Equal("include_tables[1] \"b[\" has an unclosed '[' at character 2 (write \\[ for a literal '[')", answer.GetProperty("error_msg").GetString());
    }

    [Fact]
    public async Task A_done_job_is_listed_as_done_shows_its_summary_and_cannot_be_resumed()
    {
        var summary = new MigrationSummary
        {
            StartedAt = 1000, FinishedAt = 1012, DurationSeconds = 12, GoalCommitSeq = 7, FinalCommitSeq = 9, RowsMatch = true,
            Tables = [new MigratedTable { SourceTable = "orders", TargetTable = "orders", SourceRows = 5, TargetRows = 5 }],
        };
        var info = JobSamples.Table("m") with { Mode = JobMode.Once, State = JobState.Done, OnceGoalCommitSeq = 7, MigrationSummary = summary };
        await Store.AddJobAsync(info, _syncer.Options.Identity, "{\"job_name\":\"m\",\"sync_state\":501,\"prev_commit_seq\":9,\"commit_seq\":9}", CancellationToken.None);
        await Store.AddJobAsync(JobSamples.Table("r"), _syncer.Options.Identity, null, CancellationToken.None);

        var list = await _syncer.CallAsync("/list_jobs", new { });
        Assert.Equal("done", list.GetProperty("job_states").GetProperty("m").GetString());
        Assert.Equal("running", list.GetProperty("job_states").GetProperty("r").GetString());
        var status = (await _syncer.CallAsync("/job_status", new { name = "m" })).GetProperty("status");
        Assert.Equal("done", status.GetProperty("state").GetString());
        Assert.Equal("once", status.GetProperty("mode").GetString());
        var table = status.GetProperty("summary").GetProperty("tables")[0];
        Assert.Equal((5, 5), (table.GetProperty("source_rows").GetInt64(), table.GetProperty("target_rows").GetInt64()));
        Assert.Equal(12, status.GetProperty("summary").GetProperty("duration_seconds").GetDouble());

        foreach (var path in new[] { "/resume", "/pause" })
        {
            var refused = await _syncer.CallAsync(path, new { name = "m" });
            Assert.Equal("job m is done (its one-shot migration finished); it cannot be paused or resumed, only deleted", refused.GetProperty("error_msg").GetString());
        }
        Assert.Contains("ccr_job_state{job=\"m\",state=\"done\"} 1", await _syncer.Http.GetStringAsync("/metrics"), StringComparison.Ordinal);
        Assert.True((await _syncer.CallAsync("/delete", new { name = "m" })).GetProperty("success").GetBoolean());
    }

    private async Task<JsonElement> CreateRawAsync(string fields)
    {
        using var response = await _syncer.PostAsync("/create_ccr", $"{{\"name\":\"j\",{fields}}}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var answer = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.False(answer.GetProperty("success").GetBoolean());
        Assert.Empty(await Store.ListJobsAsync(CancellationToken.None));
        return answer;
    }
}
