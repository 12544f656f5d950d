using System.Diagnostics;
using System.Text.Json;
using Syncer.Tests.Support;

namespace Syncer.Tests.Cluster;

/// <summary>/create_ccr against two clusters spoken to over real sockets: MySQL protocol to the FEs, HTTP to the BEs.</summary>
public sealed class JobCreationChecksTests : IAsyncLifetime
{
    private DorisPair _doris = null!;
    private RunningSyncer _syncer = null!;

    public async Task InitializeAsync()
    {
        _doris = await DorisPair.StartAsync();
        _syncer = await RunningSyncer.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await _syncer.DisposeAsync();
        await _doris.DisposeAsync();
    }

    private async Task<string> CreateFailureAsync(object body)
    {
        var answer = await _syncer.CallAsync("/create_ccr", body);
        Assert.False(answer.GetProperty("success").GetBoolean(), answer.ToString());
        var names = await _syncer.CallAsync("/list_jobs", new { });
        Assert.False(names.TryGetProperty("jobs", out _), "a failed creation must not leave a job behind");
        return answer.GetProperty("error_msg").GetString()!;
    }

    private string SrcAt => $"src cluster 127.0.0.1:{_doris.Src.Port}: ";

    private string DestAt => $"dest cluster 127.0.0.1:{_doris.Dest.Port}: ";

    [Fact]
    public async Task Table_job_is_created_with_ids_frontends_and_the_dest_database()
    {
        var answer = await _syncer.CallAsync("/create_ccr", _doris.TableJob("orders_sync"));
        Assert.True(answer.GetProperty("success").GetBoolean(), answer.ToString());
        Assert.False(answer.TryGetProperty("error_msg", out _));
        Assert.True(_doris.Dest.Cluster.Databases.ContainsKey("demo_bak"));
        Assert.Contains("CREATE DATABASE IF NOT EXISTS `demo_bak`", _doris.Dest.Cluster.Statements);
        Assert.Equal(1, _doris.SrcBe.Requests);
        Assert.Equal(1, _doris.DestBe.Requests);

        var detail = await _syncer.CallAsync("/job_detail", new { name = "orders_sync" });
        using var info = JsonDocument.Parse(detail.GetProperty("job_detail").GetString()!);
        var src = info.RootElement.GetProperty("src");
        Assert.Equal(1, info.RootElement.GetProperty("sync_type").GetInt32());
        Assert.Equal(_doris.Src.Cluster.Databases["demo"].Id, src.GetProperty("db_id").GetInt64());
        Assert.Equal(_doris.Src.Cluster.Databases["demo"].Tables["orders"].Id, src.GetProperty("table_id").GetInt64());
        Assert.Equal(_doris.Dest.Cluster.Databases["demo_bak"].Id, info.RootElement.GetProperty("dest").GetProperty("db_id").GetInt64());
        var frontend = Assert.Single(src.GetProperty("frontends").EnumerateArray());
        Assert.Equal(_doris.Src.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), frontend.GetProperty("port").GetString());
        Assert.True(frontend.GetProperty("is_master").GetBoolean());
    }

    [Fact]
    public async Task Db_job_needs_binlog_on_the_database()
    {
        _doris.Src.Cluster.Databases["demo"].BinlogEnabled = false;
        var error = await CreateFailureAsync(_doris.DbJob("db_sync"));
        Assert.Equal($"{SrcAt}database demo has binlog disabled: run enable_db_binlog.sh -h 127.0.0.1 -p {_doris.Src.Port} -u root -d demo", error);
        _doris.Src.Cluster.Databases["demo"].BinlogEnabled = true;
        var ok = await _syncer.CallAsync("/create_ccr", _doris.DbJob("db_sync"));
        Assert.True(ok.GetProperty("success").GetBoolean(), ok.ToString());
        var status = await _syncer.CallAsync("/job_status", new { name = "db_sync" });
        Assert.Equal("DBFullSync", status.GetProperty("status").GetProperty("progress_state").GetString());
    }

    [Fact]
    public async Task Table_with_binlog_disabled_is_refused_with_the_fix()
    {
        _doris.Src.Cluster.Databases["demo"].Tables["orders"].BinlogEnabled = false;
        var error = await CreateFailureAsync(_doris.TableJob("t"));
        Assert.StartsWith($"{SrcAt}table demo.orders has binlog disabled: run enable_db_binlog.sh -h 127.0.0.1 -p {_doris.Src.Port} -u root -d demo", error,
            StringComparison.Ordinal);
        Assert.Contains("ALTER TABLE `demo`.`orders` SET (\"binlog.enable\" = \"true\")", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Fe_without_binlog_feature_is_named()
    {
        _doris.Dest.Cluster.FeBinlogValue = "false";
        var error = await CreateFailureAsync(_doris.TableJob("t"));
        Assert.Equal($"{DestAt}FE 127.0.0.1:{_doris.Dest.Port} enable_feature_binlog=false, please set it true in fe.conf", error);
    }

    [Fact]
    public async Task Be_without_binlog_feature_is_named()
    {
        _doris.SrcBe.BinlogValue = "false";
        var error = await CreateFailureAsync(_doris.TableJob("t"));
        Assert.Equal($"{SrcAt}BE [127.0.0.1:{_doris.SrcBe.Port}] enable_feature_binlog=false, please set it true in be.conf", error);
    }

    [Fact]
    public async Task Be_answering_garbage_is_reported()
    {
        _doris.DestBe.RawBody = "[[\"enable_feature_binlog\",\"bool\",\"true\",\"false\"],[\"x\",\"bool\",\"true\",\"false\"]]";
        var error = await CreateFailureAsync(_doris.TableJob("t"));
        Assert.Equal($"{DestAt}BE 127.0.0.1:{_doris.DestBe.Port} returned 2 rows for enable_feature_binlog, expected 1", error);
        _doris.DestBe.RawBody = "not json";
        Assert.StartsWith($"{DestAt}BE 127.0.0.1:{_doris.DestBe.Port} answered /api/show_config with invalid JSON", await CreateFailureAsync(_doris.TableJob("t")),
            StringComparison.Ordinal);
    }

    [Fact]
    public async Task Missing_source_database_and_table_are_named()
    {
        var body = new { name = "t", src = _doris.Src.Spec("nodb", "orders"), dest = _doris.Dest.Spec("demo_bak", "orders") };
        Assert.Equal($"{SrcAt}database nodb does not exist", await CreateFailureAsync(body));
        Assert.Equal($"{SrcAt}table demo.nope does not exist",
            await CreateFailureAsync(new { name = "t", src = _doris.Src.Spec("demo", "nope"), dest = _doris.Dest.Spec("demo_bak", "nope") }));
    }

    [Fact]
    public async Task Like_wildcards_in_names_do_not_match_other_objects()
    {
        // "dem_" would match "demo" if the name were not escaped in SHOW DATABASES LIKE.
        var error = await CreateFailureAsync(new { name = "t", src = _doris.Src.Spec("dem_", "orders"), dest = _doris.Dest.Spec("x", "orders") });
        Assert.Equal($"{SrcAt}database dem_ does not exist", error);
    }

    [Fact]
    public async Task Names_with_backquotes_quotes_and_unicode_reach_doris_quoted()
    {
        _doris.Src.Cluster.AddDatabase("库`it's");
        _doris.Src.Cluster.AddTable("库`it's", "表`1");
        var answer = await _syncer.CallAsync("/create_ccr",
            new { name = "ünïcode `job`", src = _doris.Src.Spec("库`it's", "表`1"), dest = _doris.Dest.Spec("目标`db", "表`1") });
        Assert.True(answer.GetProperty("success").GetBoolean(), answer.ToString());
        Assert.Contains("SHOW CREATE TABLE `库``it's`.`表``1`", _doris.Src.Cluster.Statements);
        Assert.True(_doris.Dest.Cluster.Databases.ContainsKey("目标`db"));
        var listed = await _syncer.CallAsync("/list_jobs", new { });
        Assert.Equal("ünïcode `job`", Assert.Single(listed.GetProperty("jobs").EnumerateArray()).GetString());
    }

    [Fact]
    public async Task A_view_cannot_be_table_synced()
    {
        _doris.Src.Cluster.AddTable("demo", "v_orders", isView: true);
        var error = await CreateFailureAsync(new { name = "t", src = _doris.Src.Spec("demo", "v_orders"), dest = _doris.Dest.Spec("demo_bak", "v_orders") });
        Assert.StartsWith($"{SrcAt}demo.v_orders is a view", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Existing_dest_table_is_refused_unless_allowed()
    {
        _doris.Dest.Cluster.AddDatabase("demo_bak");
        _doris.Dest.Cluster.AddTable("demo_bak", "orders");
        var error = await CreateFailureAsync(_doris.TableJob("t"));
        Assert.Equal($"{DestAt}table demo_bak.orders already exists; drop it or create the job with \"allow_table_exists\": true", error);
        var allowed = await _syncer.CallAsync("/create_ccr", _doris.TableJob("t", allowTableExists: true));
        Assert.True(allowed.GetProperty("success").GetBoolean(), allowed.ToString());
        // allow_table_exists is a creation-time switch and is not persisted (Go behaviour).
        var detail = (await _syncer.CallAsync("/job_detail", new { name = "t" })).GetProperty("job_detail").GetString()!;
        Assert.DoesNotContain("allow_table_exists", detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Wrong_password_names_the_cluster_and_never_echoes_the_password()
    {
        var body = new { name = "t", src = _doris.Src.Spec("demo", "orders") with { Password = "wrong-secret-1" }, dest = _doris.Dest.Spec("demo_bak", "orders") };
        var error = await CreateFailureAsync(body);
        Assert.StartsWith($"{SrcAt}cannot connect to FE 127.0.0.1:{_doris.Src.Port} as root:", error, StringComparison.Ordinal);
        Assert.Contains("Access denied", error, StringComparison.Ordinal);
        Assert.DoesNotContain("wrong-secret-1", error, StringComparison.Ordinal);
        Assert.DoesNotContain("wrong-secret-1", _syncer.Log.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Refused_connection_is_reported_for_the_right_cluster()
    {
        var closed = TestPorts.GetFree();
        var body = new { name = "t", src = _doris.Src.Spec("demo", "orders"), dest = DorisPair.WithPort(_doris.Dest.Spec("demo_bak", "orders"), closed) };
        var error = await CreateFailureAsync(body);
        Assert.StartsWith($"dest cluster 127.0.0.1:{closed}: cannot connect to FE 127.0.0.1:{closed} as root:", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unresponsive_clusters_fail_within_the_connect_timeout()
    {
        await using var silentSrc = new SilentTcpServer();
        await using var silentDest = new SilentTcpServer();
        var body = new
        {
            name = "t",
            src = DorisPair.WithPort(_doris.Src.Spec("demo", "orders"), silentSrc.Port),
            dest = DorisPair.WithPort(_doris.Dest.Spec("demo_bak", "orders"), silentDest.Port),
        };
        var watch = Stopwatch.StartNew();
        var error = await CreateFailureAsync(body);
        watch.Stop();
        // -connect_timeout=2s in the test syncer; both clusters are tried at once, so one timeout bounds the whole request.
        Assert.StartsWith($"src cluster 127.0.0.1:{silentSrc.Port}: cannot connect to FE", error, StringComparison.Ordinal);
        Assert.InRange(watch.Elapsed, TimeSpan.FromSeconds(1.5), TimeSpan.FromSeconds(3.5));
    }

    [Fact]
    public async Task Failing_statement_is_reported_with_the_step_and_cluster()
    {
        _doris.Dest.Cluster.FailEveryStatement = "errCode = 2, detailMessage = Unknown error";
        var error = await CreateFailureAsync(_doris.TableJob("t"));
        Assert.StartsWith($"{DestAt}list frontends failed:", error, StringComparison.Ordinal);
        Assert.Contains("Unknown error", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Desync_clears_is_being_synced_on_dest_tables()
    {
        Assert.True((await _syncer.CallAsync("/create_ccr", _doris.TableJob("t"))).GetProperty("success").GetBoolean());
        var table = _doris.Dest.Cluster.AddTable("demo_bak", "orders");
        var answer = await _syncer.CallAsync("/desync", new { name = "t" });
        Assert.True(answer.GetProperty("success").GetBoolean(), answer.ToString());
        Assert.False(table.BeingSynced);
        Assert.Contains("ALTER TABLE `demo_bak`.`orders` SET (\"is_being_synced\" = \"false\")", _doris.Dest.Cluster.Statements);
    }

    [Fact]
    public async Task Desync_of_a_db_job_covers_every_table_but_views_and_reports_failures()
    {
        Assert.True((await _syncer.CallAsync("/create_ccr", _doris.DbJob("d"))).GetProperty("success").GetBoolean());
        var a = _doris.Dest.Cluster.AddTable("demo_bak", "a");
        var b = _doris.Dest.Cluster.AddTable("demo_bak", "b");
        _doris.Dest.Cluster.AddTable("demo_bak", "v", isView: true);
        Assert.True((await _syncer.CallAsync("/desync", new { name = "d" })).GetProperty("success").GetBoolean());
        Assert.False(a.BeingSynced);
        Assert.False(b.BeingSynced);
        Assert.DoesNotContain(_doris.Dest.Cluster.Statements, s => s.Contains("`v`", StringComparison.Ordinal));

        _doris.Dest.Cluster.FailEveryStatement = "errCode = 2, detailMessage = lost";
        var failed = await _syncer.CallAsync("/desync", new { name = "d" });
        Assert.False(failed.GetProperty("success").GetBoolean());
        Assert.Contains("lost", failed.GetProperty("error_msg").GetString()!, StringComparison.Ordinal);
    }
}
