using Syncer.Doris.Thrift;

namespace MiniDoris.Tests.Replication;

/// <summary>
/// What Doris keeps in its FE image and BE data dirs survives a restart with --data-dir: transactions with their
/// staged rowsets and pending publishes, finished snapshots, backup/restore job history, and running restore jobs.
/// </summary>
[Trait("Category", "EndToEnd")]
public sealed class RestartTests : IAsyncLifetime
{
    private readonly string _sourceDir = Path.Combine(Path.GetTempPath(), "md2-src-" + Guid.NewGuid().ToString("N"));
    private readonly string _targetDir = Path.Combine(Path.GetTempPath(), "md2-dst-" + Guid.NewGuid().ToString("N"));
    private DorisNode _source = null!;
    private DorisNode _target = null!;

    public async Task InitializeAsync()
    {
        _source = await DorisNode.StartAsync(2, _sourceDir);
        _target = await DorisNode.StartAsync(2, _targetDir);
    }

    public async Task DisposeAsync()
    {
        await _source.DisposeAsync();
        await _target.DisposeAsync();
        Directory.Delete(_sourceDir, recursive: true);
        Directory.Delete(_targetDir, recursive: true);
    }

    [Fact]
    public async Task Txns_staged_rowsets_and_pending_publishes_survive()
    {
        var s = await TxnScenario.CreateAsync(_source, _target, "rst_txn");
        await _source.ExecAsync("INSERT INTO rst_txn.t VALUES (3, 'c')");
        var (tablet, backends, _, _) = await s.LayoutAsync();
        var committed = await s.BeginAsync("committed");
        // Held until the fault is disarmed; faults live in memory only, so the restart itself releases it. The publish
        // is therefore certainly pending when the process stops.
        await _target.SetFaultAsync("publish_timeout", "hold:committed");
        Assert.Equal(TStatusCode.PUBLISH_TIMEOUT, (await s.IngestAllAndCommitAsync(committed)).Status!.StatusCode);
        var prepared = await s.BeginAsync("prepared");
        foreach (var be in backends)
        {
            Assert.Equal(TStatusCode.OK, (await s.IngestAsync(prepared, be, 3)).Status!.StatusCode);
        }

        Assert.Equal("COMMITTED", await ManualReplicator.TxnStatusAsync(_target, "rst_txn", committed));
        _target = await _target.RestartAsync(_targetDir, 2);

        // The COMMITTED txn still publishes once its hold passes; the PREPARE one commits with what it staged before.
        await Eventually.UntilAsync(() => ManualReplicator.TxnStatusAsync(_target, "rst_txn", committed), st => st == "VISIBLE", "publish after restart");
        Assert.Equal("PREPARE", await ManualReplicator.TxnStatusAsync(_target, "rst_txn", prepared));
        var commit = await _target.Fe.CommitTxnAsync(new TCommitTxnRequest
        {
            User = "root", Passwd = string.Empty, Db = "rst_txn", TxnId = prepared,
            CommitInfos = backends.Select(b => new TTabletCommitInfo { TabletId = tablet, BackendId = b }).ToList(),
        }, CancellationToken.None);
        Assert.Equal(TStatusCode.OK, commit.Status!.StatusCode);
        Assert.Equal(["1|a", "2|b", "3|c"], await _target.LinesAsync("SELECT * FROM rst_txn.t ORDER BY k"));

        // Labels are remembered too.
        var reused = await _target.Fe.BeginTxnAsync(new TBeginTxnRequest
        {
            User = "root", Passwd = string.Empty, Db = "rst_txn", TableIds = [await _target.TableIdAsync("rst_txn", "t")], Label = "committed",
        }, CancellationToken.None);
        Assert.Equal(TStatusCode.LABEL_ALREADY_EXISTS, reused.Status!.StatusCode);
    }

    [Fact]
    public async Task Snapshots_job_history_and_running_restores_survive()
    {
        await _source.ExecAsync("CREATE DATABASE rst_snap");
        await _source.ExecAsync("CREATE TABLE rst_snap.t (k INT, v INT) DUPLICATE KEY(k) DISTRIBUTED BY HASH(k) BUCKETS 2 PROPERTIES (\"replication_num\" = \"2\")");
        await _source.ExecAsync("INSERT INTO rst_snap.t VALUES (1, 1), (2, 2), (3, 3)");
        await FullSync.BackupAsync(_source, "rst_snap", "keep", "`t`");
        var before = await FullSync.GetSnapshotAsync(_source, "rst_snap", "keep");

        _source = await _source.RestartAsync(_sourceDir, 2);
        var after = await FullSync.GetSnapshotAsync(_source, "rst_snap", "keep");
        Assert.Equal(before.JobInfo, after.JobInfo);
        Assert.Equal(before.Meta, after.Meta);
        Assert.Equal(before.ExpiredAt, after.ExpiredAt);
        Assert.Equal("FINISHED", (await _source.QueryAsync("SHOW BACKUP FROM rst_snap")).Rows.Single().GetString("State"));

        // A restore that has downloaded but not committed when the target restarts downloads again and finishes.
        await _target.ExecAsync("CREATE DATABASE rst_snap");
        await _target.SetFaultAsync("job.restore", "hold:COMMIT");
        var request = FullSync.RestoreRequest("rst_snap", "keep_r", after.Meta!, await FullSync.WithExtraInfoAsync(_source, after.JobInfo!));
        Assert.Equal(TStatusCode.OK, (await _target.Fe.RestoreSnapshotAsync(request, CancellationToken.None)).Status!.StatusCode);
        await FullSync.WaitRestoreAsync(_target, "rst_snap", "keep_r", "COMMIT");
        _target = await _target.RestartAsync(_targetDir, 2);
        Assert.Equal("FINISHED", (await FullSync.WaitRestoreAsync(_target, "rst_snap", "keep_r", "FINISHED")).GetString("State"));
        Assert.Equal(["1|1", "2|2", "3|3"], await _target.LinesAsync("SELECT * FROM rst_snap.t ORDER BY k"));

        _target = await _target.RestartAsync(_targetDir, 2);
        Assert.Equal("FINISHED", (await _target.QueryAsync("SHOW RESTORE FROM rst_snap")).Rows.Single().GetString("State"));
        Assert.Equal(["1|1", "2|2", "3|3"], await _target.LinesAsync("SELECT * FROM rst_snap.t ORDER BY k"));
    }
}
