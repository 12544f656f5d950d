using System.Diagnostics;
using Syncer.Doris.Thrift;
using Syncer.Doris.Rpc;

namespace MiniDoris.Tests.Replication;

/// <summary>Every fault switch, armed at runtime with ADMIN SET FRONTEND CONFIG ("minidoris.fault.*" = "...").</summary>
[Trait("Category", "EndToEnd")]
public sealed class FaultInjectionTests : IClassFixture<ClusterPairFixture>, IAsyncLifetime
{
    private readonly ClusterPairFixture _pair;

    public FaultInjectionTests(ClusterPairFixture pair)
    {
        _pair = pair;
    }

    private DorisNode Source => _pair.Source;

    private DorisNode Target => _pair.Target;

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        await Source.ClearFaultsAsync();
        await Target.ClearFaultsAsync();
    }

    private static TGetBinlogRequest BinlogRequest(string db) => new() { User = "root", Passwd = string.Empty, Db = db, PrevCommitSeq = 0 };

    private async Task<string> BinlogDbAsync(string db)
    {
        await Source.ExecAsync($"CREATE DATABASE {db} PROPERTIES (\"binlog.enable\" = \"true\")");
        await Source.ExecAsync($"CREATE TABLE {db}.t (k INT) DUPLICATE KEY(k) DISTRIBUTED BY HASH(k) BUCKETS 1 PROPERTIES (\"replication_num\" = \"1\")");
        return db;
    }

    [Fact]
    public async Task Fail_times_n_is_deterministic()
    {
        var db = await BinlogDbAsync("f_fail");
        await Source.SetFaultAsync("rpc.getBinlog", "fail:INTERNAL_ERROR,times:2");
        var shown = await Source.LinesAsync("ADMIN SHOW FRONTEND CONFIG LIKE 'minidoris%'");
        Assert.Contains(shown, l => l.StartsWith("minidoris.fault.rpc.getBinlog|fail:INTERNAL_ERROR,times:2|", StringComparison.Ordinal));
        for (var i = 0; i < 2; i++)
        {
            var failed = await Source.Fe.GetBinlogAsync(BinlogRequest(db), CancellationToken.None);
            Assert.Equal(TStatusCode.INTERNAL_ERROR, failed.Status!.StatusCode);
            Assert.Equal(["minidoris fault injection: getBinlog failed"], failed.Status.ErrorMsgs);
        }

        Assert.Equal(TStatusCode.OK, (await Source.Fe.GetBinlogAsync(BinlogRequest(db), CancellationToken.None)).Status!.StatusCode);
        Assert.DoesNotContain(await Source.LinesAsync("ADMIN SHOW FRONTEND CONFIG LIKE 'minidoris%'"), l => l.Contains("getBinlog", StringComparison.Ordinal));

        // skip lets calls through first; a status may be named by number; prob:0 never fires.
        await Source.SetFaultAsync("rpc.getBinlog", "fail:2,skip:1,times:1");
        Assert.Equal(TStatusCode.OK, (await Source.Fe.GetBinlogAsync(BinlogRequest(db), CancellationToken.None)).Status!.StatusCode);
        Assert.Equal(TStatusCode.ANALYSIS_ERROR, (await Source.Fe.GetBinlogAsync(BinlogRequest(db), CancellationToken.None)).Status!.StatusCode);
        await Source.SetFaultAsync("rpc.getBinlog", "fail,prob:0");
        Assert.Equal(TStatusCode.OK, (await Source.Fe.GetBinlogAsync(BinlogRequest(db), CancellationToken.None)).Status!.StatusCode);
        await Source.SetFaultAsync("rpc.getBinlog", "off");
    }

    [Fact]
    public async Task Bad_fault_values_are_refused()
    {
        Assert.Contains("Invalid value: explode for config: minidoris.fault.rpc.getBinlog", await Source.FailsAsync(
            "ADMIN SET FRONTEND CONFIG (\"minidoris.fault.rpc.getBinlog\" = \"explode\")"));
        Assert.Contains("Invalid value", await Source.FailsAsync("ADMIN SET FRONTEND CONFIG (\"minidoris.fault.rpc.getBinlog\" = \"fail,times:0\")"));
        Assert.Contains("Config 'minidoris.fault.nonsense' does not exist", await Source.FailsAsync(
            "ADMIN SET FRONTEND CONFIG (\"minidoris.fault.nonsense\" = \"fail\")"));
    }

    [Fact]
    public async Task Delay_timeout_and_reset_affect_the_connection()
    {
        var db = await BinlogDbAsync("f_conn");
        await Source.SetFaultAsync("rpc.getBinlog", "delay:400,times:1");
        var watch = Stopwatch.StartNew();
        Assert.Equal(TStatusCode.OK, (await Source.Fe.GetBinlogAsync(BinlogRequest(db), CancellationToken.None)).Status!.StatusCode);
        Assert.True(watch.ElapsedMilliseconds >= 380, $"took {watch.ElapsedMilliseconds} ms");

        // The server holds the call for ten minutes, so only the client's call timeout can end it: no race between the
        // two timers on a loaded machine.
        await using (var shortTimeout = new Syncer.Doris.Rpc.FrontendClient(
            new ThriftClientOptions("127.0.0.1", Source.Process.RpcPort) { CallTimeout = TimeSpan.FromMilliseconds(300) }))
        {
            await Source.SetFaultAsync("rpc.getBinlog", "timeout:600000,times:1");
            var timeout = await Assert.ThrowsAsync<ThriftTransportException>(async () => await shortTimeout.GetBinlogAsync(BinlogRequest(db), CancellationToken.None));
            Assert.Equal(ThriftTransportError.Timeout, timeout.Error);
        }

        // A reset needs no short timeout: the default one keeps the follow-up call clear of load-induced timeouts.
        await using var client = new Syncer.Doris.Rpc.FrontendClient(new ThriftClientOptions("127.0.0.1", Source.Process.RpcPort));
        await Source.SetFaultAsync("rpc.getBinlog", "reset,times:1");
        var reset = await Assert.ThrowsAsync<ThriftTransportException>(async () => await client.GetBinlogAsync(BinlogRequest(db), CancellationToken.None));
        Assert.Equal(ThriftTransportError.ConnectionClosed, reset.Error);
        Assert.Equal(TStatusCode.OK, (await client.GetBinlogAsync(BinlogRequest(db), CancellationToken.None)).Status!.StatusCode);
    }

    [Fact]
    public async Task Sql_faults_fail_a_statement_or_lose_its_answer_after_it_ran()
    {
        await Source.SetFaultAsync("sql.create", "fail,times:1");
        Assert.Contains("minidoris fault injection: create failed", await Source.FailsAsync("CREATE DATABASE f_sql_failed"));
        Assert.DoesNotContain("f_sql_failed", await Source.LinesAsync("SHOW DATABASES"));

        // The statement's own connection is cut; with "after" the database exists all the same, without it it does not.
        await Source.SetFaultAsync("sql.create", "reset,after,times:1");
        await using (var cut = await Syncer.TestSupport.Sql.DorisSqlClient.OpenAsync(Source.Process.QueryPort))
        {
            await Assert.ThrowsAnyAsync<Exception>(() => cut.ExecuteAsync("  create DATABASE f_sql_after"));
        }
        await Source.SetFaultAsync("sql.create", "reset,times:1");
        await using (var cut = await Syncer.TestSupport.Sql.DorisSqlClient.OpenAsync(Source.Process.QueryPort))
        {
            await Assert.ThrowsAnyAsync<Exception>(() => cut.ExecuteAsync("CREATE DATABASE f_sql_before"));
        }
        var databases = await Source.LinesAsync("SHOW DATABASES");
        Assert.Contains("f_sql_after", databases);
        Assert.DoesNotContain("f_sql_before", databases);
    }

    [Fact]
    public async Task A_commit_whose_answer_is_lost_still_happened()
    {
        var s = await TxnScenario.CreateAsync(Source, Target, "f_after");
        var txn = await s.BeginAsync();
        await Target.SetFaultAsync("rpc.commitTxn", "reset,after,times:1");
        await Assert.ThrowsAsync<ThriftTransportException>(async () => await s.IngestAllAndCommitAsync(txn));
        Assert.Equal("VISIBLE", await s.StatusAsync(txn));
        Assert.Equal(["1|a", "2|b"], await s.TargetRowsAsync());
    }

    [Fact]
    public async Task Not_master_redirects_with_or_without_an_address()
    {
        var db = await BinlogDbAsync("f_master");
        await Source.SetFaultAsync("not_master", "not_master:127.0.0.9:9020,times:1");
        var redirected = await Source.Fe.GetBinlogAsync(BinlogRequest(db), CancellationToken.None);
        Assert.Equal(TStatusCode.NOT_MASTER, redirected.Status!.StatusCode);
        Assert.Equal(["FE is not master"], redirected.Status.ErrorMsgs);
        Assert.Equal("127.0.0.9", redirected.MasterAddress!.Hostname);
        Assert.Equal(9020, redirected.MasterAddress.Port);

        await Source.SetFaultAsync("rpc.beginTxn", "not_master,times:1");
        var bare = await Source.Fe.BeginTxnAsync(new TBeginTxnRequest(), CancellationToken.None);
        Assert.Equal(TStatusCode.NOT_MASTER, bare.Status!.StatusCode);
        Assert.Null(bare.MasterAddress);
        Assert.Equal(TStatusCode.OK, (await Source.Fe.GetBinlogAsync(BinlogRequest(db), CancellationToken.None)).Status!.StatusCode);

        // The failover client follows master_address to the FE named there (here: the same process).
        await Source.SetFaultAsync("not_master", $"not_master:127.0.0.1:{Source.Process.RpcPort},times:1");
        await using var failover = new Syncer.Doris.Rpc.FailoverFrontendClient(new Syncer.Doris.Rpc.FrontendEndpoint("127.0.0.1", Source.Process.RpcPort), []);
        Assert.Equal(TStatusCode.OK, (await failover.GetBinlogAsync(BinlogRequest(db), CancellationToken.None)).Status!.StatusCode);
    }

    [Fact]
    public async Task Publish_timeout_commits_now_and_becomes_visible_later()
    {
        var s = await TxnScenario.CreateAsync(Source, Target, "f_publish");
        // A hold, not a delay: the COMMITTED/no-rows reads below happen while the publish is certainly pending.
        await Target.SetFaultAsync("publish_timeout", "hold");
        var txn = await s.BeginAsync();
        var commit = await s.IngestAllAndCommitAsync(txn);
        Assert.Equal(TStatusCode.PUBLISH_TIMEOUT, commit.Status!.StatusCode);
        Assert.Equal(["transaction commit successfully, BUT data will be visible later"], commit.Status.ErrorMsgs);
        Assert.Equal("COMMITTED", await s.StatusAsync(txn));
        Assert.Empty(await s.TargetRowsAsync());
        Assert.Equal(TStatusCode.PUBLISH_TIMEOUT, (await s.CommitAsync(txn, [])).Status!.StatusCode);
        await Target.SetFaultAsync("publish_timeout", "off");
        await Eventually.UntilAsync(() => s.StatusAsync(txn), st => st == "VISIBLE", "publish");
        Assert.Equal(["1|a", "2|b"], await s.TargetRowsAsync());

        // A retried commit of the now VISIBLE txn is plain OK.
        Assert.Equal(TStatusCode.OK, (await s.CommitAsync(txn, [])).Status!.StatusCode);
    }

    [Fact]
    public async Task A_version_is_not_published_before_the_ones_below_it()
    {
        var s = await TxnScenario.CreateAsync(Source, Target, "f_order");
        await Source.ExecAsync("INSERT INTO f_order.t VALUES (3, 'c')");
        // Only the first txn's publish is held (by label), until the test releases it.
        await Target.SetFaultAsync("publish_timeout", "hold:order_first");
        var first = await s.BeginAsync("order_first");
        Assert.Equal(TStatusCode.PUBLISH_TIMEOUT, (await s.IngestAllAndCommitAsync(first, 2)).Status!.StatusCode);

        // The second txn takes version 3 at commit, but version 2 is not visible yet: its publish waits.
        var second = await s.BeginAsync();
        Assert.Equal(TStatusCode.PUBLISH_TIMEOUT, (await s.IngestAllAndCommitAsync(second, 3)).Status!.StatusCode);
        Assert.Equal("COMMITTED", await s.StatusAsync(second));
        Assert.Equal("COMMITTED", await s.StatusAsync(first));
        Assert.Equal(1, (await Target.MetaAsync("f_order")).Tables!.Single().Partitions!.Single().VisibleVersion);

        var released = DateTime.UtcNow;
        await Target.SetFaultAsync("publish_timeout", "off");
        await Eventually.UntilAsync(() => s.StatusAsync(second), st => st == "VISIBLE", "both publishes");
        var visibleSeen = DateTime.UtcNow;
        Assert.Equal("VISIBLE", await s.StatusAsync(first));
        Assert.Equal(3, (await Target.MetaAsync("f_order")).Tables!.Single().Partitions!.Single().VisibleVersion);
        var firstPublished = DorisTime.AssertBetween(
            (await Target.QueryAsync($"SHOW TRANSACTION FROM f_order WHERE id = {first}")).Rows.Single().GetStringOrNull("PublishTime"),
            released, visibleSeen, "first PublishTime");
        var secondPublished = DorisTime.AssertBetween(
            (await Target.QueryAsync($"SHOW TRANSACTION FROM f_order WHERE id = {second}")).Rows.Single().GetStringOrNull("PublishTime"),
            released, visibleSeen, "second PublishTime");
        Assert.True(firstPublished <= secondPublished, $"version 2 published at {firstPublished:O}, version 3 at {secondPublished:O}");
        Assert.Equal(["1|a", "2|b", "3|c"], await s.TargetRowsAsync());
    }

    [Fact]
    public async Task Ingest_rpc_faults_fail_or_lose_the_answer()
    {
        var s = await TxnScenario.CreateAsync(Source, Target, "f_ingest");
        var (_, backends, _, _) = await s.LayoutAsync();
        var txn = await s.BeginAsync();
        await Target.SetFaultAsync("rpc.ingest_binlog", "fail:RUNTIME_ERROR,times:1");
        var failed = await s.IngestAsync(txn, backends[0]);
        Assert.Equal(TStatusCode.RUNTIME_ERROR, failed.Status!.StatusCode);
        await Target.SetFaultAsync("rpc.ingest_binlog", "reset,times:1");
        await Assert.ThrowsAsync<ThriftTransportException>(async () => await s.IngestAsync(txn, backends[0]));
        Assert.Equal(TStatusCode.OK, (await s.IngestAllAndCommitAsync(txn)).Status!.StatusCode);
        Assert.Equal(["1|a", "2|b"], await s.TargetRowsAsync());
    }

    [Fact]
    public async Task Binlog_download_failures_are_retried_three_times()
    {
        var s = await TxnScenario.CreateAsync(Source, Target, "f_http");
        var (_, backends, _, _) = await s.LayoutAsync();
        var txn = await s.BeginAsync();

        // Two failures are absorbed by the BE's retries, three are not.
        await Source.SetFaultAsync("http.get_binlog_info", "fail:503,times:2");
        Assert.Equal(TStatusCode.OK, (await s.IngestAsync(txn, backends[0])).Status!.StatusCode);
        await Source.SetFaultAsync("http.get_rowset_meta", "fail,times:3");
        var failed = await s.IngestAsync(txn, backends[1]);
        Assert.Equal(TStatusCode.HTTP_ERROR, failed.Status!.StatusCode);
        Assert.Contains("code=500", failed.Status.ErrorMsgs![0]);

        // A damaged segment fails the MD5 check; the retry gets good bytes.
        await Source.SetFaultAsync("http.get_segment_file", "corrupt,times:1");
        Assert.Equal(TStatusCode.OK, (await s.IngestAsync(txn, backends[1])).Status!.StatusCode);
        await Source.SetFaultAsync("http.get_segment_file", "corrupt");
        var corrupt = await s.IngestAsync(txn, backends[0]);
        Assert.Equal(TStatusCode.HTTP_ERROR, corrupt.Status!.StatusCode);
        Assert.Contains("download file md5 is not equal", corrupt.Status.ErrorMsgs![0]);

        // Any download (http.*) can be damaged: a damaged binlog info does not parse.
        await Source.SetFaultAsync("http.get_segment_file", "off");
        await Source.SetFaultAsync("http.*", "corrupt,times:3");
        var info = await s.IngestAsync(txn, backends[0]);
        Assert.Equal(TStatusCode.RUNTIME_ERROR, info.Status!.StatusCode);
        Assert.StartsWith("failed to parse num segments from binlog info", info.Status.ErrorMsgs![0]);
        await Source.SetFaultAsync("http.*", "off");

        // The failed replica is no longer staged: the commit needs it ingested again.
        Assert.Equal(TStatusCode.OK, (await s.IngestAllAndCommitAsync(txn)).Status!.StatusCode);
        Assert.Equal(["1|a", "2|b"], await s.TargetRowsAsync());
    }

    [Fact]
    public async Task Slow_or_hung_downloads_are_retried()
    {
        var s = await TxnScenario.CreateAsync(Source, Target, "f_slow");
        var (_, backends, _, _) = await s.LayoutAsync();
        var txn = await s.BeginAsync();
        await Source.SetFaultAsync("http.get_binlog_info", "delay:300,times:1");
        var watch = Stopwatch.StartNew();
        Assert.Equal(TStatusCode.OK, (await s.IngestAsync(txn, backends[0])).Status!.StatusCode);
        Assert.True(watch.ElapsedMilliseconds >= 280, $"took {watch.ElapsedMilliseconds} ms");

        // A hung meta call hits the BE's 3 s timeout and is retried; a reset one too.
        await Source.SetFaultAsync("http.get_rowset_meta", "timeout:10000,times:1");
        Assert.Equal(TStatusCode.OK, (await s.IngestAsync(txn, backends[1])).Status!.StatusCode);
        await Source.SetFaultAsync("http.get_segment_file", "reset,times:1");
        Assert.Equal(TStatusCode.OK, (await s.IngestAsync(txn, backends[1])).Status!.StatusCode);
        Assert.Equal(TStatusCode.OK, (await s.IngestAllAndCommitAsync(txn)).Status!.StatusCode);
        Assert.Equal(["1|a", "2|b"], await s.TargetRowsAsync());
    }

    [Fact]
    public async Task Gc_binlogs_now_moves_the_dummy()
    {
        var db = await BinlogDbAsync("f_gc");
        await Source.ExecAsync("INSERT INTO f_gc.t VALUES (1)");
        Assert.Equal(TStatusCode.OK, (await Source.Fe.GetBinlogAsync(BinlogRequest(db), CancellationToken.None)).Status!.StatusCode);
        await Source.SetFaultAsync("gc_binlogs", "all");
        var old = await Source.Fe.GetBinlogAsync(BinlogRequest(db), CancellationToken.None);
        Assert.Equal(TStatusCode.BINLOG_TOO_OLD_COMMIT_SEQ, old.Status!.StatusCode);
        Assert.Equal(TBinlogType.DUMMY, old.Binlogs!.Single().Type);
        Assert.Contains("Invalid value", await Source.FailsAsync("ADMIN SET FRONTEND CONFIG (\"minidoris.fault.gc_binlogs\" = \"later\")"));
    }

    [Fact]
    public async Task Expire_snapshot_now()
    {
        await Source.ExecAsync("CREATE DATABASE f_expire");
        await Source.ExecAsync("CREATE TABLE f_expire.t (k INT) DUPLICATE KEY(k) DISTRIBUTED BY HASH(k) BUCKETS 1 PROPERTIES (\"replication_num\" = \"1\")");
        await FullSync.BackupAsync(Source, "f_expire", "exp_snap", "`t`");
        var before = await FullSync.GetSnapshotAsync(Source, "f_expire", "exp_snap");
        Assert.True(before.ExpiredAt > DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() + 3_600_000);
        await Source.SetFaultAsync("expire_snapshot", "exp_snap");
        var expired = await Source.Fe.GetSnapshotAsync(new TGetSnapshotRequest
        {
            User = "root", Passwd = string.Empty, Db = "f_expire", Table = string.Empty, LabelName = "exp_snap", SnapshotName = string.Empty,
            SnapshotType = TSnapshotType.LOCAL,
        }, CancellationToken.None);
        Assert.Equal(TStatusCode.SNAPSHOT_EXPIRED, expired.Status!.StatusCode);
        Assert.Contains("snapshot no_such not exist", await Source.FailsAsync("ADMIN SET FRONTEND CONFIG (\"minidoris.fault.expire_snapshot\" = \"no_such\")"));
    }
}
