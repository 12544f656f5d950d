using Syncer.Doris.Thrift;

namespace MiniDoris.Tests.Replication;

/// <summary>BackendService.ingest_binlog's checks and downloads (docs/minidoris.md, "ingest_binlog"; docs/doris-facts.md, "Incremental apply of an UPSERT").</summary>
[Trait("Category", "EndToEnd")]
public sealed class IngestBinlogTests : IClassFixture<ClusterPairFixture>
{
    private readonly ClusterPairFixture _pair;

    public IngestBinlogTests(ClusterPairFixture pair)
    {
        _pair = pair;
    }

    [Fact]
    public async Task Missing_fields_are_named_in_Doris_order()
    {
        var s = await TxnScenario.CreateAsync(_pair.Source, _pair.Target, "ing_fields");
        var (_, backends, _, full) = await s.LayoutAsync();
        full.TxnId = await s.BeginAsync();
        var be = await s.Target.BeAsync(backends[0]);
        var fields = new (string Name, Action<TIngestBinlogRequest> Clear)[]
        {
            ("txn_id", r => r.TxnId = null), ("remote_tablet_id", r => r.RemoteTabletId = null), ("binlog_version", r => r.BinlogVersion = null),
            ("remote_host", r => r.RemoteHost = null), ("remote_port", r => r.RemotePort = null), ("partition_id", r => r.PartitionId = null),
            ("local_tablet_id", r => r.LocalTabletId = null), ("load_id", r => r.LoadId = null),
        };
        for (var i = 0; i < fields.Length; i++)
        {
            // Clearing this field and every later one: the first missing field is the one reported.
            var request = Copy(full);
            foreach (var (_, clear) in fields.Skip(i))
            {
                clear(request);
            }

            var result = await be.IngestBinlogAsync(request, CancellationToken.None);
            Assert.Equal(TStatusCode.ANALYSIS_ERROR, result.Status!.StatusCode);
            Assert.Equal([$"{fields[i].Name} is empty"], result.Status.ErrorMsgs);
        }
    }

    [Fact]
    public async Task A_local_tablet_not_on_this_backend_is_missing()
    {
        var s = await TxnScenario.CreateAsync(_pair.Source, _pair.Target, "ing_missing");
        var (_, backends, _, request) = await s.LayoutAsync();
        request.TxnId = await s.BeginAsync();
        request.LocalTabletId = 987654321;
        var result = await (await s.Target.BeAsync(backends[0])).IngestBinlogAsync(request, CancellationToken.None);
        Assert.Equal(TStatusCode.TABLET_MISSING, result.Status!.StatusCode);
        Assert.Equal(["tablet 987654321 not found"], result.Status.ErrorMsgs);
        Assert.False(result.IsAsync);

        // A table with one replica lives on one of the two BEs only: the other BE does not have its tablet.
        await s.Target.ExecAsync("CREATE TABLE ing_missing.one (k INT) DUPLICATE KEY(k) DISTRIBUTED BY HASH(k) BUCKETS 1 PROPERTIES (\"replication_num\" = \"1\")");
        var tablet = (await s.Target.MetaAsync("ing_missing")).Tables!.Single(t => t.Name == "one").Partitions!.Single().Indexes!.Single().Tablets!.Single();
        var elsewhere = (await s.Target.BackendsAsync()).Single(b => b.Id != tablet.Replicas!.Single().BackendId);
        request.LocalTabletId = tablet.Id;
        var other = await (await s.Target.BeAsync(elsewhere.Id!.Value)).IngestBinlogAsync(request, CancellationToken.None);
        Assert.Equal(TStatusCode.TABLET_MISSING, other.Status!.StatusCode);
    }

    [Fact]
    public async Task Download_failures_are_reported()
    {
        var s = await TxnScenario.CreateAsync(_pair.Source, _pair.Target, "ing_http");
        var (_, backends, _, request) = await s.LayoutAsync();
        request.TxnId = await s.BeginAsync();
        var be = await s.Target.BeAsync(backends[0]);

        var noVersion = Copy(request);
        noVersion.BinlogVersion = 99;
        var notFound = await be.IngestBinlogAsync(noVersion, CancellationToken.None);
        Assert.Equal(TStatusCode.HTTP_ERROR, notFound.Status!.StatusCode);
        Assert.Contains("http status code is not 200, code=404", Assert.Single(notFound.Status.ErrorMsgs!));
        Assert.Contains("method=get_binlog_info", notFound.Status.ErrorMsgs![0]);

        var nobody = Copy(request);
        nobody.RemotePort = Syncer.TestSupport.FreePort.Get().ToString(System.Globalization.CultureInfo.InvariantCulture);
        var refused = await be.IngestBinlogAsync(nobody, CancellationToken.None);
        Assert.Equal(TStatusCode.HTTP_ERROR, refused.Status!.StatusCode);

        // Nothing failed was staged: the txn still commits cleanly once both replicas ingest.
        Assert.Equal(TStatusCode.OK, (await s.IngestAllAndCommitAsync(request.TxnId!.Value)).Status!.StatusCode);
        Assert.Equal(["1|a", "2|b"], await s.TargetRowsAsync());
    }

    [Fact]
    public async Task Reingesting_the_same_tablet_is_idempotent()
    {
        var s = await TxnScenario.CreateAsync(_pair.Source, _pair.Target, "ing_again");
        var (_, backends, _, _) = await s.LayoutAsync();
        var txn = await s.BeginAsync();
        Assert.Equal(TStatusCode.OK, (await s.IngestAsync(txn, backends[0])).Status!.StatusCode);
        Assert.Equal(TStatusCode.OK, (await s.IngestAsync(txn, backends[0])).Status!.StatusCode);
        Assert.Equal(TStatusCode.OK, (await s.IngestAllAndCommitAsync(txn)).Status!.StatusCode);
        Assert.Equal(["1|a", "2|b"], await s.TargetRowsAsync());
    }

    private static TIngestBinlogRequest Copy(TIngestBinlogRequest r) => new()
    {
        TxnId = r.TxnId,
        RemoteTabletId = r.RemoteTabletId,
        BinlogVersion = r.BinlogVersion,
        RemoteHost = r.RemoteHost,
        RemotePort = r.RemotePort,
        PartitionId = r.PartitionId,
        LocalTabletId = r.LocalTabletId,
        LoadId = r.LoadId,
    };
}
