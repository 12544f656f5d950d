using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Syncer.Jobs;
using Syncer.Store;
using Syncer.Tests.Support;

namespace Syncer.Tests.Api;

/// <summary>Every endpoint and error path of the HTTP API over a real Kestrel port.</summary>
public sealed class ApiTests : IAsyncLifetime
{
    private static readonly string[] JobEndpoints =
    [
        "/get_lag", "/pause", "/resume", "/delete", "/job_status", "/desync", "/update_job", "/job_detail", "/job_progress",
        "/force_fullsync", "/job_skip_binlog",
    ];

    private RunningSyncer _syncer = null!;

    public async Task InitializeAsync() => _syncer = await RunningSyncer.StartAsync(configure: o => o.Features.AtomicRestore = false);

    public async Task DisposeAsync() => await _syncer.DisposeAsync();

    private IJobStore Store => _syncer.Service.Get<IJobStore>();

    private Task AddJobAsync(string name, string? owner = null, string? progress = "{\"job_name\":\"x\",\"sync_state\":501,\"prev_commit_seq\":100,\"commit_seq\":100}") =>
        Store.AddJobAsync(JobSamples.Table(name), owner ?? _syncer.Options.Identity, progress, CancellationToken.None);

    private static void AssertFailure(JsonElement answer, string message)
    {
        Assert.False(answer.GetProperty("success").GetBoolean(), answer.ToString());
        Assert.Equal(message, answer.GetProperty("error_msg").GetString());
    }

    [Fact]
    public async Task Version_answers_any_method()
    {
        var post = await _syncer.CallAsync("/version", new { });
        Assert.False(string.IsNullOrEmpty(post.GetProperty("version").GetString()));
        var get = await _syncer.Http.GetFromJsonAsync<JsonElement>("/version");
        Assert.Equal(post.GetProperty("version").GetString(), get.GetProperty("version").GetString());
    }

    [Fact]
    public async Task Features_lists_every_feature_flag_with_value_and_default()
    {
        var answer = await _syncer.Http.GetFromJsonAsync<JsonElement>("/features");
        Assert.True(answer.GetProperty("success").GetBoolean());
        var flags = answer.GetProperty("flags").EnumerateArray().ToDictionary(f => f.GetProperty("feature").GetString()!);
        Assert.Equal(7, flags.Count);
        Assert.False(flags["feature_atomic_restore"].GetProperty("value").GetBoolean());
        Assert.Equal("true", flags["feature_atomic_restore"].GetProperty("default").GetString());
        Assert.False(flags["feature_cancel_conflict_backup_restore_job"].GetProperty("value").GetBoolean());
        Assert.Equal("false", flags["feature_cancel_conflict_backup_restore_job"].GetProperty("default").GetString());
        Assert.True(flags["feature_schema_change_partial_sync"].GetProperty("value").GetBoolean());
    }

    [Fact]
    public async Task Healthz_reports_the_store()
    {
        using var response = await _syncer.Http.GetAsync("/healthz");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("ok", body.GetProperty("status").GetString());
    }

    [Fact]
    public async Task List_jobs_omits_jobs_when_empty_and_lists_every_owner()
    {
        var empty = await _syncer.CallAsync("/list_jobs", new { });
        Assert.True(empty.GetProperty("success").GetBoolean());
        Assert.False(empty.TryGetProperty("jobs", out _));
        await AddJobAsync("b");
        await AddJobAsync("a", owner: "127.9.9.9:9190");
        using var get = await _syncer.Http.GetAsync("/list_jobs");
        var listed = await get.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(["a", "b"], listed.GetProperty("jobs").EnumerateArray().Select(j => j.GetString()!).ToArray());
    }

    [Theory]
    [InlineData("{not json", "invalid JSON request body")]
    [InlineData("", "request body is empty: send the job as JSON (name, src, dest)")]
    [InlineData("{\"name\": 5}", "invalid JSON request body at $.name: expected a string")]
    [InlineData("{\"name\": \"x\", \"src\": {\"port\": true}}", "invalid JSON request body at $.src.port: expected a string or a number, got True")]
    [InlineData("{\"name\": \"x\", \"src\": {\"port\": 90.5}}", "invalid JSON request body at $.src.port: expected an integer")]
    [InlineData("{\"name\": \"x\", \"src\": {\"host\": null}}", "invalid JSON request body at $.src.host: null is not allowed")]
    [InlineData("{\"name\": \"x\", \"skip_error\": \"yes\"}", "invalid JSON request body at $.skip_error: expected true or false")]
    [InlineData("{\"name\": \"x\", \"src\": []}", "invalid JSON request body at $.src: expected an object")]
    [InlineData("{\"name\": \"x\"} trailing", "invalid JSON request body")]
    public async Task Create_with_a_bad_body_is_400_and_stores_nothing(string body, string message)
    {
        using var response = await _syncer.PostAsync("/create_ccr", body);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        var answer = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.False(answer.GetProperty("success").GetBoolean());
        Assert.StartsWith(message, answer.GetProperty("error_msg").GetString(), StringComparison.Ordinal);
        Assert.Empty(await Store.ListJobsAsync(CancellationToken.None));
    }

    public static TheoryData<string, string> InvalidJobs => new()
    {
        { """{"src":{},"dest":{}}""", "name is empty" },
        { """{"name":"j"}""", "src is missing" },
        { """{"name":"j","src":{"host":"h","port":"9030","thrift_port":"9020","user":"root","database":"d"}}""", "dest is missing" },
        { """{"name":"j","src":{"port":"9030","thrift_port":"9020","user":"root","database":"d"},"dest":{}}""", "src.host is empty" },
        { """{"name":"j","src":{"host":"h","port":"http","thrift_port":"9020","user":"root","database":"d"},"dest":{}}""", "src.port \"http\" is not a valid port (1-65535)" },
        { """{"name":"j","src":{"host":"h","port":70000,"thrift_port":"9020","user":"root","database":"d"},"dest":{}}""", "src.port \"70000\" is not a valid port (1-65535)" },
        { """{"name":"j","src":{"host":"h","port":9030,"user":"root","database":"d"},"dest":{}}""", "src.thrift_port is empty" },
        { """{"name":"j","src":{"host":"h","port":9030,"thrift_port":9020,"database":"d"},"dest":{}}""", "src.user is empty" },
        { """{"name":"j","src":{"host":"h","port":9030,"thrift_port":9020,"user":"root"},"dest":{}}""", "src.database is empty" },
        { """{"name":"j","src":{"host":"h","port":9030,"thrift_port":9020,"user":"root","database":"d","table":"t"},"dest":{"host":"h","port":"9030","thrift_port":"9020","user":"root","database":"d"}}""", "src/dest are not both db or table sync: set table in both or in neither" },
        { """{"name":"j\u0001","src":{},"dest":{}}""", "name contains a control character" },
        { """{"name":" j","src":{},"dest":{}}""", "name has leading or trailing spaces" },
        { "{\"name\":\"" + new string('n', 513) + "\",\"src\":{},\"dest\":{}}", "name is 513 characters long; at most 512 are allowed" },
        { """{"name":"j","src":{"host":"h","port":9030,"thrift_port":9020,"user":"root","database":"d\n"},"dest":{}}""", "src.database contains a control character" },
        { """{"name":"j","src":{"host":"h","port":9030,"thrift_port":9020,"user":"root","database":"d"},"dest":{"host":"h","port":9030,"thrift_port":"0","user":"root","database":"d"}}""", "dest.thrift_port \"0\" is not a valid port (1-65535)" },
    };

    [Theory]
    [MemberData(nameof(InvalidJobs))]
    public async Task Create_validation_errors_are_precise(string body, string message)
    {
        using var response = await _syncer.PostAsync("/create_ccr", body);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        AssertFailure(await response.Content.ReadFromJsonAsync<JsonElement>(), message);
    }

    [Fact]
    public async Task Create_refuses_an_existing_name_before_touching_clusters()
    {
        await AddJobAsync("taken");
        var answer = await _syncer.CallAsync("/create_ccr", new { name = "taken", src = JobSamples.Table("x").Src, dest = JobSamples.Table("x").Dest });
        AssertFailure(answer, "job taken already exist");
    }

    [Fact]
    public async Task Job_endpoints_reject_empty_and_unknown_names()
    {
        foreach (var path in JobEndpoints)
        {
            AssertFailure(await _syncer.CallAsync(path, new { name = "" }), "name is empty");
            AssertFailure(await _syncer.CallAsync(path, new { }), "name is empty");
            AssertFailure(await _syncer.CallAsync(path, new { name = "nope" }), "job nope not exist");
        }
    }

    [Fact]
    public async Task Job_endpoints_answer_malformed_json_with_400_in_their_own_shape()
    {
        foreach (var path in JobEndpoints)
        {
            using var response = await _syncer.PostAsync(path, "{\"name\":");
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            var answer = await response.Content.ReadFromJsonAsync<JsonElement>();
            Assert.False(answer.GetProperty("success").GetBoolean(), path);
            Assert.StartsWith("invalid JSON request body", answer.GetProperty("error_msg").GetString(), StringComparison.Ordinal);
        }
        using var lag = await _syncer.PostAsync("/get_lag", "[1]");
        Assert.Equal(0, (await lag.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("lag").GetInt64());
    }

    [Fact]
    public async Task Pause_and_resume_are_persisted_and_shown()
    {
        await AddJobAsync("p");
        var running = (await _syncer.CallAsync("/job_status", new { name = "p" })).GetProperty("status");
        Assert.Equal(("p", "running", "TableIncrementalSync"), (running.GetProperty("name").GetString(), running.GetProperty("state").GetString(),
            running.GetProperty("progress_state").GetString()));

        Assert.True((await _syncer.CallAsync("/pause", new { name = "p" })).GetProperty("success").GetBoolean());
        Assert.Equal(JobState.Paused, (await Store.GetJobAsync("p", CancellationToken.None))!.Info.State);
        Assert.Equal("paused", (await _syncer.CallAsync("/job_status", new { name = "p" })).GetProperty("status").GetProperty("state").GetString());
        Assert.True((await _syncer.CallAsync("/pause", new { name = "p" })).GetProperty("success").GetBoolean());

        using var put = await _syncer.Http.PutAsJsonAsync("/resume", new { name = "p" });
        Assert.True((await put.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("success").GetBoolean());
        Assert.Equal(JobState.Running, (await Store.GetJobAsync("p", CancellationToken.None))!.Info.State);
    }

    [Fact]
    public async Task Job_status_before_any_progress_follows_the_sync_type()
    {
        await AddJobAsync("fresh", progress: null);
        var status = await _syncer.CallAsync("/job_status", new { name = "fresh" });
        Assert.Equal("TableFullSync", status.GetProperty("status").GetProperty("progress_state").GetString());
        // The engine then persists the first checkpoint: a full sync about to back up.
        await Eventually.UntilAsync(async () => await Store.GetProgressAsync("fresh", CancellationToken.None) is not null, TimeSpan.FromSeconds(10), "a first progress");
        using var progress = JsonDocument.Parse((await _syncer.CallAsync("/job_progress", new { name = "fresh" })).GetProperty("job_progress").GetString()!);
        Assert.Equal(500, progress.RootElement.GetProperty("sync_state").GetInt32());
    }

    [Fact]
    public async Task Job_detail_never_returns_passwords()
    {
        await AddJobAsync("secret");
        var answer = await _syncer.CallAsync("/job_detail", new { name = "secret" });
        var detail = answer.GetProperty("job_detail").GetString()!;
        Assert.DoesNotContain("src-secret-pw", detail, StringComparison.Ordinal);
        Assert.DoesNotContain("dest-secret-pw", detail, StringComparison.Ordinal);
        using var info = JsonDocument.Parse(detail);
        Assert.Equal("******", info.RootElement.GetProperty("src").GetProperty("password").GetString());
        Assert.Equal("9030", info.RootElement.GetProperty("src").GetProperty("port").GetString());
        Assert.Equal("secret", info.RootElement.GetProperty("name").GetString());
    }

    [Fact]
    public async Task Job_progress_returns_the_stored_json_as_a_string()
    {
        await AddJobAsync("prog");
        var answer = await _syncer.CallAsync("/job_progress", new { name = "prog" });
        Assert.Equal("{\"job_name\":\"x\",\"sync_state\":501,\"prev_commit_seq\":100,\"commit_seq\":100}", answer.GetProperty("job_progress").GetString());
    }

    [Fact]
    public async Task Update_job_sets_skip_error_and_requires_it()
    {
        await AddJobAsync("u");
        AssertFailure(await _syncer.CallAsync("/update_job", new { name = "u", skip = true }),
            "skip_error is missing: send {\"name\": \"…\", \"skip_error\": true|false}");
        Assert.True((await _syncer.CallAsync("/update_job", new { name = "u", skip_error = true })).GetProperty("success").GetBoolean());
        Assert.True((await Store.GetJobAsync("u", CancellationToken.None))!.Info.SkipError);
    }

    [Theory]
    [InlineData("\"abc\"")]
    [InlineData("\"12x\"")]
    [InlineData("true")]
    [InlineData("1.5")]
    public async Task Skip_binlog_with_a_commit_seq_that_is_not_a_number_says_so(string value)
    {
        await AddJobAsync("n");
        using var response = await _syncer.PostAsync("/job_skip_binlog", $"{{\"name\":\"n\",\"commit_seq\":{value}}}");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        AssertFailure(await response.Content.ReadFromJsonAsync<JsonElement>(),
            "invalid JSON request body at $.commit_seq: the value is not a number: expected an integer (digits, quoted or not)");
        Assert.Equal(0, (await Store.GetJobAsync("n", CancellationToken.None))!.Info.SkipBinlogCommitSeq);
    }

    [Fact]
    public async Task Skip_binlog_validates_and_persists_the_commit_seq()
    {
        await AddJobAsync("s");
        AssertFailure(await _syncer.CallAsync("/job_skip_binlog", new { name = "s" }),
            "commit_seq is missing: send {\"name\": \"…\", \"commit_seq\": <seq>}");
        AssertFailure(await _syncer.CallAsync("/job_skip_binlog", new { name = "s", commit_seq = -4 }),
            "commit_seq must be a positive binlog commit seq, got -4");
        AssertFailure(await _syncer.CallAsync("/job_skip_binlog", new { name = "s", commit_seq = 100 }),
            "binlog 100 is already applied (prev_commit_seq is 100); nothing to skip");
        Assert.True((await _syncer.CallAsync("/job_skip_binlog", new { name = "s", commit_seq = "101" })).GetProperty("success").GetBoolean());
        Assert.Equal(101, (await Store.GetJobAsync("s", CancellationToken.None))!.Info.SkipBinlogCommitSeq);
        using var bad = await _syncer.PostAsync("/job_skip_binlog", "{\"name\":\"s\",\"commit_seq\":\"abc\"}");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
    }

    [Fact]
    public async Task Force_fullsync_marks_the_job()
    {
        await AddJobAsync("ff");
        Assert.True((await _syncer.CallAsync("/force_fullsync", new { name = "ff" })).GetProperty("success").GetBoolean());
        // The engine takes the request at its next incremental step and persists a full sync from the job's position.
        await Eventually.UntilAsync(async () => (await Store.GetProgressAsync("ff", CancellationToken.None))!.Contains("\"sync_state\":500", StringComparison.Ordinal),
            TimeSpan.FromSeconds(10), "the full sync to be persisted");
        Assert.False(_syncer.Service.Get<JobManager>().LocalJobs.Single(j => j.Name == "ff").FullSyncRequested);
    }

    [Fact]
    public async Task Delete_removes_the_job_its_progress_and_its_metrics()
    {
        await AddJobAsync("del");
        await _syncer.CallAsync("/pause", new { name = "del" });
        Assert.Contains("job=\"del\"", await _syncer.Http.GetStringAsync("/metrics"), StringComparison.Ordinal);
        Assert.True((await _syncer.CallAsync("/delete", new { name = "del" })).GetProperty("success").GetBoolean());
        Assert.Null(await Store.GetJobAsync("del", CancellationToken.None));
        Assert.Null(await Store.GetProgressAsync("del", CancellationToken.None));
        AssertFailure(await _syncer.CallAsync("/job_status", new { name = "del" }), "job del not exist");
        Assert.DoesNotContain("job=\"del\"", await _syncer.Http.GetStringAsync("/metrics"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Get_may_name_the_job_in_the_query_string()
    {
        await AddJobAsync("q");
        var answer = await _syncer.Http.GetFromJsonAsync<JsonElement>("/job_status?name=q");
        Assert.Equal("q", answer.GetProperty("status").GetProperty("name").GetString());
    }

    [Fact]
    public async Task A_job_owned_elsewhere_is_redirected_with_method_and_body_kept()
    {
        await AddJobAsync("remote", owner: "127.1.2.3:9190");
        using var response = await _syncer.Http.PostAsJsonAsync("/pause?x=1", new { name = "remote" });
        Assert.Equal(HttpStatusCode.TemporaryRedirect, response.StatusCode);
        Assert.Equal("http://127.1.2.3:9190/pause?x=1", response.Headers.Location?.ToString());
        Assert.Equal(JobState.Running, (await Store.GetJobAsync("remote", CancellationToken.None))!.Info.State);
    }

    [Fact]
    public async Task Metrics_are_prometheus_text_with_job_labels()
    {
        await AddJobAsync("m");
        await _syncer.CallAsync("/job_status", new { name = "m" });
        using var response = await _syncer.Http.GetAsync("/metrics");
        Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
        var text = await response.Content.ReadAsStringAsync();
        Assert.Contains("# TYPE ccr_jobs_created_total counter", text, StringComparison.Ordinal);
        Assert.Contains("ccr_job_state{job=\"m\",state=\"running\"} 1", text, StringComparison.Ordinal);
        Assert.Contains("# TYPE ccr_job_lag gauge", text, StringComparison.Ordinal);
        Assert.Contains("process_start_time_seconds ", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unknown_paths_are_404_json()
    {
        using var response = await _syncer.Http.GetAsync("/nope");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        AssertFailure(await response.Content.ReadFromJsonAsync<JsonElement>(), "no such endpoint: /nope");
    }

    [Fact]
    public async Task Create_log_lines_carry_the_job_and_never_a_password()
    {
        var job = JobSamples.Table("logged");
        await _syncer.CallAsync("/create_ccr", new { name = "logged", src = job.Src with { Port = "1" }, dest = job.Dest });
        Assert.Contains("job=logged", _syncer.Log.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("src-secret-pw", _syncer.Log.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("dest-secret-pw", _syncer.Log.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_body_over_1_MiB_is_413_whether_its_length_is_announced_or_not()
    {
        var big = "{\"name\":\"" + new string('x', 1 << 20) + "\"}";
        using var announced = await _syncer.PostAsync("/job_status", big);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, announced.StatusCode);
        AssertFailure(await announced.Content.ReadFromJsonAsync<JsonElement>(), "request body is larger than 1048576 bytes");

        using var chunked = new StreamContent(new MemoryStream(Encoding.UTF8.GetBytes(big)));
        chunked.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/create_ccr") { Content = chunked };
        request.Headers.TransferEncodingChunked = true;
        using var streamed = await _syncer.Http.SendAsync(request);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, streamed.StatusCode);
        AssertFailure(await streamed.Content.ReadFromJsonAsync<JsonElement>(), "request body is larger than 1048576 bytes");
    }

    [Fact]
    public async Task A_store_failure_is_reported_as_such()
    {
        await AddJobAsync("j");
        await using (var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={_syncer.Options.DbDir}"))
        {
            await connection.OpenAsync();
            await using var drop = connection.CreateCommand();
            drop.CommandText = "DROP TABLE jobs";
            await drop.ExecuteNonQueryAsync();
        }
        var expected = $"job store error: sqlite3 {_syncer.Options.DbDir}: cannot list jobs: SQLite Error 1: 'no such table: jobs'.";
        AssertFailure(await _syncer.CallAsync("/list_jobs", new { }), expected);
        AssertFailure(await _syncer.CallAsync("/pause", new { name = "j" }), expected.Replace("cannot list jobs", "cannot read job j", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_delete_the_store_refused_leaves_the_job_manageable_and_the_delete_retryable()
    {
        await AddJobAsync("stuck");
        await using (var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={_syncer.Options.DbDir}"))
        {
            await connection.OpenAsync();
            await using var trigger = connection.CreateCommand();
            trigger.CommandText = "CREATE TRIGGER refuse_delete BEFORE DELETE ON jobs BEGIN SELECT RAISE(ABORT, 'refused'); END";
            await trigger.ExecuteNonQueryAsync();
            var answer = await _syncer.CallAsync("/delete", new { name = "stuck" });
            Assert.StartsWith("job store error: ", answer.GetProperty("error_msg").GetString(), StringComparison.Ordinal);
            trigger.CommandText = "DROP TRIGGER refuse_delete";
            await trigger.ExecuteNonQueryAsync();
        }
        Assert.True((await _syncer.CallAsync("/pause", new { name = "stuck" })).GetProperty("success").GetBoolean(), "the job is still there");
        Assert.True((await _syncer.CallAsync("/delete", new { name = "stuck" })).GetProperty("success").GetBoolean(), "the retry deletes it");
        Assert.Null(await Store.GetJobAsync("stuck", CancellationToken.None));
    }

    [Fact]
    public async Task Healthz_is_503_when_the_store_cannot_be_reached()
    {
        Directory.Delete(Path.GetDirectoryName(_syncer.Options.DbDir)!, recursive: true);
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        using var response = await _syncer.Http.GetAsync("/healthz");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("unavailable", body.GetProperty("status").GetString());
        Assert.StartsWith($"job store unavailable: sqlite3 {_syncer.Options.DbDir}: cannot ping: ", body.GetProperty("error_msg").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Requests_arriving_while_the_jobs_stop_are_503()
    {
        await AddJobAsync("late");
        await _syncer.Service.Get<JobManager>().StopAsync(CancellationToken.None);
        using var response = await _syncer.PostAsync("/pause", "{\"name\":\"late\"}");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        AssertFailure(await response.Content.ReadFromJsonAsync<JsonElement>(), "the syncer is shutting down; retry on another instance or after restart");
    }

    [Fact]
    public async Task A_write_after_the_job_changed_hands_is_refused()
    {
        await AddJobAsync("moved");
        await _syncer.CallAsync("/job_status", new { name = "moved" });
        // Another instance took the job and gave it back: same owner, newer epoch; this instance's copy is stale.
        Assert.Equal(2, await Store.TransferJobAsync("moved", _syncer.Options.Identity, 1, CancellationToken.None));
        AssertFailure(await _syncer.CallAsync("/pause", new { name = "moved" }),
            $"job moved is no longer owned by this syncer ({_syncer.Options.Identity}) or was deleted; retry the request");
        Assert.True((await _syncer.CallAsync("/pause", new { name = "moved" })).GetProperty("success").GetBoolean(), "the retry reloads the job");
    }

    [Fact]
    public async Task An_unreadable_progress_is_reported()
    {
        await AddJobAsync("garbled", progress: "{\"sync_state\": \"soon\"}");
        var answer = await _syncer.CallAsync("/job_status", new { name = "garbled" });
        Assert.False(answer.GetProperty("success").GetBoolean());
        Assert.StartsWith("job garbled: stored progress is not readable: ", answer.GetProperty("error_msg").GetString(), StringComparison.Ordinal);
        Assert.False(answer.TryGetProperty("status", out _));
    }
}
