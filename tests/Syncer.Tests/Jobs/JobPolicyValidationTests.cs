using System.Text.Json;
using Syncer.Jobs;
using Syncer.Store;

namespace Syncer.Tests.Jobs;

/// <summary>The create_ccr fields of the job policies: parsing, validation, and their place in job_info.</summary>
public sealed class JobPolicyValidationTests
{
    private static readonly ClusterSpec Src = new() { Host = "127.0.0.1", Port = "9030", ThriftPort = "9020", User = "root", Database = "shop" };
    private static readonly ClusterSpec Dest = Src with { Database = "shop_bak" };

    private static CreateCcrRequest Db(Func<CreateCcrRequest, CreateCcrRequest>? change = null) =>
        (change ?? (r => r))(new CreateCcrRequest { Name = "j", Src = Src, Dest = Dest });

    private static CreateCcrRequest Table(Func<CreateCcrRequest, CreateCcrRequest>? change = null) =>
        (change ?? (r => r))(new CreateCcrRequest { Name = "j", Src = Src with { Table = "orders" }, Dest = Dest with { Table = "orders" } });

    [Fact]
    public void Defaults_are_continuous_propagate_replace_and_no_filter()
    {
        var request = JsonSerializer.Deserialize<CreateCcrRequest>("""{"name":"j"}""", JobJson.Options)!;
        Assert.Equal((JobMode.Continuous, DropPolicy.Propagate, SchemaDriftPolicy.Replace), (request.Mode, request.DropPolicy, request.SchemaDriftPolicy));
        var info = JobValidation.ToJobInfo(Db());
        Assert.Null(info.IncludeTables);
        Assert.Null(info.ExcludeTables);
        // Defaults stay out of job_info, so a job without policies is stored exactly as before.
        var json = JsonSerializer.Serialize(info, JobJson.Options);
        foreach (var field in new[] { "mode", "include_tables", "exclude_tables", "drop_policy", "schema_drift_policy", "once_goal_commit_seq", "migration_summary", "pause_reason" })
            Assert.DoesNotContain($"\"{field}\"", json, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"mode":"once"}""", JobMode.Once)]
    [InlineData("""{"mode":"ONCE"}""", JobMode.Once)]
    [InlineData("""{"mode":"continuous"}""", JobMode.Continuous)]
    public void Mode_words_are_read_case_insensitively(string json, JobMode mode) =>
        Assert.Equal(mode, JsonSerializer.Deserialize<CreateCcrRequest>(json, JobJson.Options)!.Mode);

    [Theory]
    [InlineData("""{"mode":"one-shot"}""", "expected \"continuous\" or \"once\", got \"one-shot\"")]
    [InlineData("""{"mode":1}""", "expected \"continuous\" or \"once\"")]
    [InlineData("""{"mode":null}""", "expected \"continuous\" or \"once\"")]
    [InlineData("""{"drop_policy":"never"}""", "expected \"propagate\" or \"keep\", got \"never\"")]
    [InlineData("""{"schema_drift_policy":"ignore"}""", "expected \"replace\" or \"stop\", got \"ignore\"")]
    public void Unknown_policy_words_are_refused_with_the_accepted_ones(string json, string message)
    {
        var error = Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<CreateCcrRequest>(json, JobJson.Options));
        Assert.StartsWith(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Filters_are_for_database_jobs_only()
    {
        var error = Assert.Throws<JobOperationException>(() => JobValidation.ToJobInfo(Table(r => r with { IncludeTables = ["orders"] })));
        Assert.StartsWith("include_tables is for database jobs; a table job replicates src.table only", error.Message, StringComparison.Ordinal);
        error = Assert.Throws<JobOperationException>(() => JobValidation.ToJobInfo(Table(r => r with { ExcludeTables = ["x"] })));
        Assert.StartsWith("exclude_tables is for database jobs", error.Message, StringComparison.Ordinal);
        // Empty lists are no filter at all, on any job.
        Assert.Null(JobValidation.ToJobInfo(Table(r => r with { IncludeTables = [], ExcludeTables = [] })).IncludeTables);
    }

    [Fact]
    public void A_bad_pattern_is_refused_naming_it()
    {
        var error = Assert.Throws<JobOperationException>(() => JobValidation.ToJobInfo(Db(r => r with { ExcludeTables = ["ok", "`open"] })));
        Assert.StartsWith("exclude_tables[1] \"`open\" has an unclosed backquote", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_policy_reaches_job_info_and_survives_the_store_codec()
    {
        var info = JobValidation.ToJobInfo(Db(r => r with
        {
            Mode = JobMode.Once,
            IncludeTables = ["orders*", "`we``ird`", "订单"],
            ExcludeTables = ["orders_tmp"],
            DropPolicy = DropPolicy.Keep,
            SchemaDriftPolicy = SchemaDriftPolicy.Stop,
        })) with
        {
            OnceGoalCommitSeq = 42,
            MigrationSummary = new MigrationSummary { GoalCommitSeq = 42, Tables = [new MigratedTable { SourceTable = "orders", TargetTable = "orders", SourceRows = 3, TargetRows = 3 }] },
            PauseReason = "drift",
        };
        var codec = new JobInfoCodec(new PasswordCipher(new byte[32]));
        var json = codec.Encode(info);
        Assert.Contains("\"mode\":\"once\"", json, StringComparison.Ordinal);
        Assert.Contains("\"drop_policy\":\"keep\"", json, StringComparison.Ordinal);
        Assert.Contains("\"schema_drift_policy\":\"stop\"", json, StringComparison.Ordinal);
        Assert.Contains("\"include_tables\":[\"orders*\",\"`we``ird`\",\"订单\"]", json, StringComparison.Ordinal);
        var back = codec.Decode("j", json);
        Assert.Equal(JobMode.Once, back.Mode);
        Assert.Equal(["orders*", "`we``ird`", "订单"], back.IncludeTables);
        Assert.Equal(["orders_tmp"], back.ExcludeTables);
        Assert.Equal((DropPolicy.Keep, SchemaDriftPolicy.Stop, 42L, "drift"), (back.DropPolicy, back.SchemaDriftPolicy, back.OnceGoalCommitSeq, back.PauseReason));
        Assert.Equal(3, back.MigrationSummary!.Tables.Single().TargetRows);
    }

    [Fact]
    public void Done_is_a_third_user_state()
    {
        Assert.Equal("done", JobStateNames.Of(JobState.Done));
        Assert.Equal(2, (int)JobState.Done);
    }
}
