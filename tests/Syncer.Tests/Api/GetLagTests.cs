using System.Globalization;
using Syncer.Doris.Thrift;
using Syncer.Store;
using Syncer.Tests.Support;

namespace Syncer.Tests.Api;

/// <summary>/get_lag against a source FE speaking Thrift on a real port.</summary>
public sealed class GetLagTests : IAsyncLifetime
{
    private RunningSyncer _syncer = null!;
    private LagFrontend _fe = null!;

    public async Task InitializeAsync()
    {
        _fe = new LagFrontend();
        _syncer = await RunningSyncer.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await _syncer.DisposeAsync();
        await _fe.DisposeAsync();
    }

    private async Task AddJobAsync(string name, int thriftPort)
    {
        var job = JobSamples.Table(name);
        job = job with { Src = job.Src with { Host = "127.0.0.1", ThriftPort = thriftPort.ToString(CultureInfo.InvariantCulture), Frontends = [] } };
        await _syncer.Service.Get<IJobStore>().AddJobAsync(job, _syncer.Options.Identity,
            "{\"job_name\":\"x\",\"sync_state\":501,\"prev_commit_seq\":100,\"commit_seq\":100}", CancellationToken.None);
    }

    [Fact]
    public async Task Lag_comes_from_the_source_fe_and_is_exported()
    {
        _fe.Answer = new TGetBinlogLagResult { Status = new TStatus { StatusCode = TStatusCode.OK }, Lag = 42 };
        await AddJobAsync("lagging", _fe.Port);
        var answer = await _syncer.CallAsync("/get_lag", new { name = "lagging" });
        Assert.Equal("{\"success\":true,\"lag\":42,\"lag_seconds\":0}", answer.GetRawText());
        var request = _fe.LastRequest!;
        Assert.Equal(("root", "src-secret-pw", "demo", "orders", 12L, 100L),
            (request.User, request.Passwd, request.Db, request.Table, request.TableId, request.PrevCommitSeq));
        Assert.Contains("ccr_job_lag{job=\"lagging\"} 42\n", await _syncer.Http.GetStringAsync("/metrics"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_fe_error_status_is_reported_with_lag_0()
    {
        _fe.Answer = new TGetBinlogLagResult { Status = new TStatus { StatusCode = TStatusCode.BINLOG_DISABLE, ErrorMsgs = ["binlog is disabled"] } };
        await AddJobAsync("off", _fe.Port);
        var answer = await _syncer.CallAsync("/get_lag", new { name = "off" });
        Assert.False(answer.GetProperty("success").GetBoolean());
        Assert.Equal(0, answer.GetProperty("lag").GetInt64());
        Assert.Equal($"src cluster 127.0.0.1:{_fe.Port}: getBinlogLag answered BINLOG_DISABLE: binlog is disabled",
            answer.GetProperty("error_msg").GetString());
    }

    [Fact]
    public async Task An_unreachable_fe_is_reported_without_the_password()
    {
        var closed = TestPorts.GetFree();
        await AddJobAsync("down", closed);
        var answer = await _syncer.CallAsync("/get_lag", new { name = "down" });
        Assert.False(answer.GetProperty("success").GetBoolean());
        var message = answer.GetProperty("error_msg").GetString()!;
        Assert.StartsWith($"src cluster 127.0.0.1:{closed}: getBinlogLag failed:", message, StringComparison.Ordinal);
        Assert.DoesNotContain("src-secret-pw", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_ok_answer_without_a_lag_is_an_error()
    {
        _fe.Answer = new TGetBinlogLagResult { Status = new TStatus { StatusCode = TStatusCode.OK } };
        await AddJobAsync("nolag", _fe.Port);
        var answer = await _syncer.CallAsync("/get_lag", new { name = "nolag" });
        Assert.Equal($"{{\"success\":false,\"error_msg\":\"src cluster 127.0.0.1:{_fe.Port}: getBinlogLag answered OK without a lag\",\"lag\":0}}",
            answer.GetRawText());
    }

    [Fact]
    public async Task An_adopted_job_with_an_invalid_thrift_port_is_reported()
    {
        await AddJobAsync("odd", 0);
        var answer = await _syncer.CallAsync("/get_lag", new { name = "odd" });
        Assert.Equal("src.thrift_port \"0\" of job odd is not a valid port (1-65535)", answer.GetProperty("error_msg").GetString());
    }

    [Fact]
    public async Task An_unexpected_failure_is_a_500_in_the_endpoint_shape_and_logged()
    {
        await using var syncer = await RunningSyncer.StartAsync(new SyncerAppDependencies { LagSource = new BrokenLagSource() });
        await syncer.Service.Get<IJobStore>().AddJobAsync(JobSamples.Table("broken"), syncer.Options.Identity, null, CancellationToken.None);
        using var response = await syncer.PostAsync("/get_lag", "{\"name\":\"broken\"}");
        Assert.Equal(System.Net.HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Equal("{\"success\":false,\"error_msg\":\"internal error: InvalidOperationException: lag source bug\",\"lag\":0}",
            await response.Content.ReadAsStringAsync());
        Assert.Contains("ERROR /get_lag failed unexpectedly", syncer.Log.Text, StringComparison.Ordinal);
        Assert.Contains("at Syncer.Tests.Api.GetLagTests.BrokenLagSource.GetLagAsync", syncer.Log.Text, StringComparison.Ordinal);
    }

    private sealed class BrokenLagSource : Syncer.Jobs.IReplicationLagSource
    {
        public Task<Syncer.Jobs.ReplicationLag> GetLagAsync(StoredJob job, long commitSeq, CancellationToken cancellationToken) =>
            throw new InvalidOperationException("lag source bug");
    }
}
