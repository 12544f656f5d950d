using Syncer.Doris.Sql;
using Syncer.Tests.Support;

namespace Syncer.Tests.Cluster;

/// <summary>
/// /create_ccr and /desync when a cluster misbehaves in ways real minidoris cannot be made to (a statement that
/// fails, hangs or answers in another shape; a BE answering garbage or nothing), over real sockets: the MySQL
/// protocol to scripted FEs, HTTP to BE servers. The normal paths run against minidoris in EndToEnd/.
/// </summary>
public sealed class ClusterFaultTests : IAsyncLifetime
{
    private DorisPair _doris = null!;
    private RunningSyncer _syncer = null!;

    public async Task InitializeAsync()
    {
        _doris = await DorisPair.StartAsync();
        _syncer = await RunningSyncer.StartAsync();
    }

    /// <summary>
    /// Replaces the syncer by one with -rpc_timeout=1s, to keep the hang tests quick, warmed up by one successful
    /// creation so that only the hang, never a cold start, can exceed the timeout.
    /// </summary>
    private async Task UseShortRpcTimeoutAsync()
    {
        await _syncer.DisposeAsync();
        _syncer = await RunningSyncer.StartAsync(configure: o => o.RpcTimeout = TimeSpan.FromSeconds(1));
        Assert.True((await _syncer.CallAsync("/create_ccr", _doris.TableJob("warm"))).GetProperty("success").GetBoolean());
        Assert.True((await _syncer.CallAsync("/delete", new { name = "warm" })).GetProperty("success").GetBoolean());
    }

    public async Task DisposeAsync()
    {
        await _syncer.DisposeAsync();
        await _doris.DisposeAsync();
    }

    private string SrcAt => $"src cluster 127.0.0.1:{_doris.Src.Port}: ";

    private string DestAt => $"dest cluster 127.0.0.1:{_doris.Dest.Port}: ";

    [Fact]
    public async Task The_scripted_pair_is_accepted_as_it_is()
    {
        var answer = await _syncer.CallAsync("/create_ccr", _doris.TableJob("ok"));
        Assert.True(answer.GetProperty("success").GetBoolean(), answer.ToString());
        Assert.Equal(1, _doris.SrcBe.Requests);
        Assert.Equal(1, _doris.DestBe.Requests);
    }

    [Fact]
    public async Task Be_answers_that_are_not_one_row_of_json_are_reported()
    {
        var be = $"BE 127.0.0.1:{_doris.DestBe.Port}";
        _doris.DestBe.RawBody = "[[\"enable_feature_binlog\",\"bool\",\"true\",\"false\"],[\"x\",\"bool\",\"true\",\"false\"]]";
        Assert.Equal($"{DestAt}{be} returned 2 rows for enable_feature_binlog, expected 1", await _syncer.CreateFailureAsync(_doris.TableJob("t")));
        _doris.DestBe.RawBody = "not json";
        Assert.StartsWith($"{DestAt}{be} answered /api/show_config with invalid JSON: ", await _syncer.CreateFailureAsync(_doris.TableJob("t")), StringComparison.Ordinal);
        _doris.DestBe.RawBody = "{\"enable_feature_binlog\": true}";
        Assert.Equal($"{DestAt}{be} answered /api/show_config with Object, not a list", await _syncer.CreateFailureAsync(_doris.TableJob("t")));
        _doris.DestBe.RawBody = null;
        _doris.DestBe.StatusCode = 500;
        Assert.Equal($"{DestAt}{be} answered HTTP 500 to /api/show_config", await _syncer.CreateFailureAsync(_doris.TableJob("t")));
    }

    [Fact]
    public async Task Be_that_is_down_or_silent_is_reported()
    {
        await UseShortRpcTimeoutAsync();
        _doris.SrcBe.Hang = true;
        Assert.Equal($"{SrcAt}BE 127.0.0.1:{_doris.SrcBe.Port} did not answer /api/show_config within 1s", await _syncer.CreateFailureAsync(_doris.TableJob("t")));
        var closed = TestPorts.GetFree();
        _doris.Src.Cluster.Backends.Clear();
        _doris.Src.AddBackend(closed);
        Assert.StartsWith($"{SrcAt}cannot ask BE 127.0.0.1:{closed} for enable_feature_binlog: ", await _syncer.CreateFailureAsync(_doris.TableJob("t")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Fe_that_does_not_know_the_binlog_feature_is_named()
    {
        _doris.Src.Cluster.FeBinlogValue = null;
        Assert.Equal($"{SrcAt}FE 127.0.0.1:{_doris.Src.Port} enable_feature_binlog=unknown, please set it true in fe.conf",
            await _syncer.CreateFailureAsync(_doris.TableJob("t")));
    }

    [Fact]
    public async Task A_failing_statement_is_reported_with_the_step_and_cluster()
    {
        _doris.Dest.Cluster.FailEveryStatement = "errCode = 2, detailMessage = Unknown error";
        Assert.Equal($"{DestAt}list frontends failed: errCode = 2, detailMessage = Unknown error", await _syncer.CreateFailureAsync(_doris.TableJob("t")));
    }

    [Fact]
    public async Task A_statement_without_answer_fails_within_the_rpc_timeout()
    {
        await UseShortRpcTimeoutAsync();
        _doris.Src.Cluster.Hang = true;
        Assert.Equal($"{SrcAt}list frontends: no answer within 1s (-rpc_timeout)", await _syncer.CreateFailureAsync(_doris.TableJob("t")));
    }

    [Fact]
    public async Task An_answer_of_another_shape_is_reported_as_unexpected()
    {
        _doris.Src.Cluster.Overrides["ADMIN SHOW FRONTEND CONFIG LIKE \"%enable_feature_binlog%\""] =
            new DorisSqlResult(["Key", "Val"], [["enable_feature_binlog", "true"]]);
        Assert.Equal($"{SrcAt}read the FE config: unexpected answer: no column Value in [Key, Val]", await _syncer.CreateFailureAsync(_doris.TableJob("t")));
        _doris.Src.Cluster.Overrides.Clear();
        _doris.Src.Cluster.Overrides["show proc '/dbs/'"] = new DorisSqlResult(["DbId", "DbName"], [["ten", "demo"]]);
        Assert.Equal($"{SrcAt}resolve the database id: unexpected answer: DbId is \"ten\", not a number", await _syncer.CreateFailureAsync(_doris.TableJob("t")));
    }

    [Fact]
    public async Task Desync_reports_every_table_that_failed_and_an_unreachable_cluster()
    {
        Assert.True((await _syncer.CallAsync("/create_ccr", _doris.DbJob("d"))).GetProperty("success").GetBoolean());
        _doris.Dest.Cluster.AddTable("demo_bak", "a");
        _doris.Dest.Cluster.AddTable("demo_bak", "b");
        _doris.Dest.Cluster.Overrides["SHOW FULL TABLES FROM `demo_bak`"] =
            new DorisSqlResult(["Tables_in_demo_bak", "Table_type"], [["a", "BASE TABLE"], ["gone", "BASE TABLE"], ["b", "BASE TABLE"]]);
        var failed = await _syncer.CallAsync("/desync", new { name = "d" });
        Assert.Equal($"{DestAt}desync failed for demo_bak.gone: errCode = 2, detailMessage = Unknown table 'gone'", failed.GetProperty("error_msg").GetString());
        Assert.False(_doris.Dest.Cluster.Databases["demo_bak"].Tables["b"].BeingSynced, "the tables after a failure are still desynced");

        _doris.Dest.Cluster.FailEveryStatement = "errCode = 2, detailMessage = lost";
        Assert.Equal($"{DestAt}cannot list the tables of demo_bak: errCode = 2, detailMessage = lost",
            (await _syncer.CallAsync("/desync", new { name = "d" })).GetProperty("error_msg").GetString());

        await _doris.Dest.DisposeAsync();
        var down = (await _syncer.CallAsync("/desync", new { name = "d" })).GetProperty("error_msg").GetString()!;
        Assert.StartsWith($"{DestAt}cannot connect: ", down, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Objects_that_show_proc_does_not_list_are_named()
    {
        var cluster = _doris.Src.Cluster;
        cluster.Overrides["show proc '/dbs/'"] = new DorisSqlResult(["DbId", "DbName"], []);
        Assert.Equal($"{SrcAt}database demo is not listed by show proc '/dbs/'", await _syncer.CreateFailureAsync(_doris.TableJob("t")));
        cluster.Overrides.Clear();
        var dbId = cluster.Databases["demo"].Id;
        cluster.Overrides[$"show proc '/dbs/{dbId}/'"] = new DorisSqlResult(["TableId", "TableName"], []);
        Assert.Equal($"{SrcAt}table demo.orders is not listed by show proc '/dbs/{dbId}/'", await _syncer.CreateFailureAsync(_doris.TableJob("t")));
        _doris.Dest.Cluster.Overrides["show proc '/dbs/'"] = new DorisSqlResult(["DbId", "DbName"], []);
        Assert.Equal($"{DestAt}database demo_bak is not listed by show proc '/dbs/' after creating it", await _syncer.CreateFailureAsync(_doris.DbJob("t")));
    }

    [Fact]
    public async Task A_second_create_of_a_name_being_created_is_refused_at_once()
    {
        await UseShortRpcTimeoutAsync();
        _doris.Src.Cluster.Hang = true;
        var first = _syncer.CallAsync("/create_ccr", _doris.TableJob("twice"));
        var statements = _doris.Src.Cluster.Statements.Count;
        await Eventually.UntilAsync(() => Task.FromResult(_doris.Src.Cluster.Statements.Count > statements || first.IsCompleted),
            TimeSpan.FromSeconds(10), "the first create to reach the source FE");
        var second = await _syncer.CallAsync("/create_ccr", _doris.TableJob("twice"));
        Assert.Equal("{\"success\":false,\"error_msg\":\"job twice is being created by another request\"}", second.GetRawText());
        Assert.StartsWith($"{SrcAt}list frontends: no answer within 1s", (await first).GetProperty("error_msg").GetString(), StringComparison.Ordinal);
    }
}
