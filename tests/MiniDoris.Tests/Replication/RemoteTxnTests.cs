using Syncer.Doris.Thrift;

namespace MiniDoris.Tests.Replication;

/// <summary>beginTxn / commitTxn / rollbackTxn / SHOW TRANSACTION as Doris answers them (docs/minidoris.md, "Remote transactions").</summary>
[Trait("Category", "EndToEnd")]
public sealed class RemoteTxnTests : IClassFixture<ClusterPairFixture>
{
    private const string Prefix = "errCode = 2, detailMessage = ";
    private readonly ClusterPairFixture _pair;

    public RemoteTxnTests(ClusterPairFixture pair)
    {
        _pair = pair;
    }

    private Task<TxnScenario> Scenario(string db, string rows = "(1, 'a'), (2, 'b')") => TxnScenario.CreateAsync(_pair.Source, _pair.Target, db, rows);

    private static string Message(TStatus? status) => Assert.Single(status!.ErrorMsgs!);

    [Fact]
    public async Task Begin_txn_checks_required_fields_in_order()
    {
        var s = await Scenario("tx_req");
        var fe = s.Target.Fe;
        async Task<string> Begin(TBeginTxnRequest r)
        {
            var result = await fe.BeginTxnAsync(r, CancellationToken.None);
            Assert.Equal(TStatusCode.ANALYSIS_ERROR, result.Status!.StatusCode);
            return Message(result.Status);
        }

        Assert.Equal(Prefix + "user is not set", await Begin(new TBeginTxnRequest()));
        Assert.Equal(Prefix + "passwd is not set", await Begin(new TBeginTxnRequest { User = "root" }));
        Assert.Equal(Prefix + "db is not set", await Begin(new TBeginTxnRequest { User = "root", Passwd = string.Empty }));
        Assert.Equal(Prefix + "table ids is not set", await Begin(new TBeginTxnRequest { User = "root", Passwd = string.Empty, Db = "tx_req" }));
        Assert.Equal(Prefix + "label is not set", await Begin(new TBeginTxnRequest { User = "root", Passwd = string.Empty, Db = "tx_req", TableIds = [s.TargetTableId] }));
        Assert.Equal(Prefix + "can't find table id: 424242 in db: tx_req",
            await Begin(new TBeginTxnRequest { User = "root", Passwd = string.Empty, Db = "tx_req", TableIds = [424242], Label = "x" }));
        Assert.Equal(Prefix + "can't find db named: nope",
            await Begin(new TBeginTxnRequest { User = "root", Passwd = string.Empty, Db = "nope", TableIds = [1], Label = "x" }));
        Assert.Equal(Prefix + "Access denied for user 'root' (using password: YES)",
            await Begin(new TBeginTxnRequest { User = "root", Passwd = "wrong", Db = "tx_req", TableIds = [s.TargetTableId], Label = "x" }));
        Assert.Equal(Prefix + "empty label in begin request", await Begin(s.BeginRequest(string.Empty)));
    }

    [Fact]
    public async Task Labels_are_unique_per_db_unless_aborted()
    {
        var s = await Scenario("tx_label");
        var first = await s.BeginAsync("ccrj-1:lbl");
        var again = await s.Target.Fe.BeginTxnAsync(s.BeginRequest("ccrj-1:lbl"), CancellationToken.None);
        Assert.Equal(TStatusCode.LABEL_ALREADY_EXISTS, again.Status!.StatusCode);
        Assert.Equal(Prefix + $"Label [ccrj-1:lbl] has already been used, relate to txn [{first}]", Message(again.Status));
        Assert.Equal("RUNNING", again.JobStatus);

        // An ABORTED txn does not hold its label.
        Assert.Equal(TStatusCode.OK, (await s.RollbackAsync(first)).Status!.StatusCode);
        var second = await s.BeginAsync("ccrj-1:lbl");
        Assert.NotEqual(first, second);
        Assert.Equal(TStatusCode.OK, (await s.IngestAllAndCommitAsync(second)).Status!.StatusCode);
        var finished = await s.Target.Fe.BeginTxnAsync(s.BeginRequest("ccrj-1:lbl"), CancellationToken.None);
        Assert.Equal(TStatusCode.LABEL_ALREADY_EXISTS, finished.Status!.StatusCode);
        Assert.Equal("FINISHED", finished.JobStatus);

        // The same label in another db is free.
        var other = await Scenario("tx_label2");
        await other.BeginAsync("ccrj-1:lbl");
    }

    [Fact]
    public async Task A_duplicated_request_id_gets_the_same_txn()
    {
        var s = await Scenario("tx_dup");
        var request = s.BeginRequest("dup");
        request.RequestId = new TUniqueId { Hi = 7, Lo = 8 };
        var a = await s.Target.Fe.BeginTxnAsync(request, CancellationToken.None);
        var b = await s.Target.Fe.BeginTxnAsync(request, CancellationToken.None);
        Assert.Equal(TStatusCode.OK, b.Status!.StatusCode);
        Assert.Equal(a.TxnId, b.TxnId);
        request.RequestId = new TUniqueId { Hi = 7, Lo = 9 };
        Assert.Equal(TStatusCode.LABEL_ALREADY_EXISTS, (await s.Target.Fe.BeginTxnAsync(request, CancellationToken.None)).Status!.StatusCode);
    }

    [Fact]
    public async Task Rollback_answers_as_Doris_words_them()
    {
        var s = await Scenario("tx_rb");
        var missing = await s.RollbackAsync(987654321);
        Assert.Equal(TStatusCode.ANALYSIS_ERROR, missing.Status!.StatusCode);
        Assert.Equal(Prefix + "transaction [987654321] not found", Message(missing.Status));

        var txn = await s.BeginAsync();
        Assert.Equal(TStatusCode.OK, (await s.RollbackAsync(txn, "replay failed")).Status!.StatusCode);
        Assert.Equal("ABORTED", await s.StatusAsync(txn));
        var twice = await s.RollbackAsync(txn);
        Assert.Equal(Prefix + $"transaction [{txn}] is already aborted, abort reason: replay failed", Message(twice.Status));
        var commitAborted = await s.CommitAsync(txn, []);
        Assert.Equal(Prefix + $"transaction [{txn}] is already aborted. abort reason: replay failed", Message(commitAborted.Status));

        var noReason = await s.BeginAsync();
        await s.RollbackAsync(noReason);
        Assert.Contains("abort reason: system cancel", Message((await s.RollbackAsync(noReason)).Status));

        var visible = await s.BeginAsync();
        Assert.Equal(TStatusCode.OK, (await s.IngestAllAndCommitAsync(visible)).Status!.StatusCode);
        Assert.Equal(Prefix + $"transaction [{visible}] is already VISIBLE, could not abort.", Message((await s.RollbackAsync(visible)).Status));

        // A COMMITTED txn (publish held back) cannot be aborted either.
        await s.Target.SetFaultAsync("publish_timeout", "delay:60000,times:1");
        try
        {
            var committed = await s.BeginAsync();
            await s.Source.ExecAsync("INSERT INTO tx_rb.t VALUES (3, 'c')");
            Assert.Equal(TStatusCode.PUBLISH_TIMEOUT, (await s.IngestAllAndCommitAsync(committed, 3)).Status!.StatusCode);
            Assert.Equal(Prefix + $"transaction [{committed}] is already COMMITTED, could not abort.", Message((await s.RollbackAsync(committed)).Status));
        }
        finally
        {
            await s.Target.ClearFaultsAsync();
        }
    }

    [Fact]
    public async Task Commit_needs_every_replica_of_every_tablet_written()
    {
        var s = await Scenario("tx_replicas");
        var (tablet, backends, partition, _) = await s.LayoutAsync();
        Assert.Equal(2, backends.Count);
        var txn = await s.BeginAsync();
        Assert.Equal(TStatusCode.OK, (await s.IngestAsync(txn, backends[0])).Status!.StatusCode);

        var partial = await s.CommitAsync(txn, [new TTabletCommitInfo { TabletId = tablet, BackendId = backends[0] }]);
        Assert.Equal(TStatusCode.ANALYSIS_ERROR, partial.Status!.StatusCode);
        Assert.StartsWith(Prefix + $"Failed to commit txn {txn}, cause tablet {tablet} succ replica num 1 < load required replica num 2. "
            + $"table {s.TargetTableId}, partition: [ id={partition}, commit version 1, visible version 1 ]", Message(partial.Status));
        Assert.Contains($"1 replicas write data failed: {{ replicaId=", Message(partial.Status));

        // Naming a replica whose BE never ingested does not count either.
        var claimed = await s.CommitAsync(txn, backends.Select(b => new TTabletCommitInfo { TabletId = tablet, BackendId = b }).ToList());
        Assert.Contains("succ replica num 1 < load required replica num 2", Message(claimed.Status));
        Assert.Equal("PREPARE", await s.StatusAsync(txn));
        Assert.Empty(await s.TargetRowsAsync());

        Assert.Equal(TStatusCode.OK, (await s.IngestAsync(txn, backends[1])).Status!.StatusCode);
        Assert.Equal(TStatusCode.OK, (await s.CommitAsync(txn, backends.Select(b => new TTabletCommitInfo { TabletId = tablet, BackendId = b }).ToList())).Status!.StatusCode);
        Assert.Equal(["1|a", "2|b"], await s.TargetRowsAsync());

        // A commit retried on a VISIBLE txn succeeds again and changes nothing.
        Assert.Equal(TStatusCode.OK, (await s.CommitAsync(txn, [])).Status!.StatusCode);
        Assert.Equal(2, (await s.Target.MetaAsync("tx_replicas")).Tables!.Single().Partitions!.Single().VisibleVersion);
        var unknown = await s.CommitAsync(123456789, []);
        Assert.Equal(Prefix + "transaction [123456789] not found", Message(unknown.Status));
        var noInfos = await s.Target.Fe.CommitTxnAsync(new TCommitTxnRequest { User = "root", Passwd = string.Empty, Db = "tx_replicas", TxnId = txn }, CancellationToken.None);
        Assert.Equal(Prefix + "commit_infos is not set", Message(noInfos.Status));
    }

    [Fact]
    public async Task Staged_data_is_invisible_until_commit_and_gone_after_rollback()
    {
        var s = await Scenario("tx_stage");
        var (tablet, backends, _, _) = await s.LayoutAsync();
        var txn = await s.BeginAsync();
        foreach (var be in backends)
        {
            Assert.Equal(TStatusCode.OK, (await s.IngestAsync(txn, be)).Status!.StatusCode);
        }

        Assert.Empty(await s.TargetRowsAsync());
        await s.RollbackAsync(txn);
        var late = await s.CommitAsync(txn, backends.Select(b => new TTabletCommitInfo { TabletId = tablet, BackendId = b }).ToList());
        Assert.Contains("is already aborted", Message(late.Status));
        Assert.Empty(await s.TargetRowsAsync());

        var next = await s.BeginAsync();
        Assert.Equal(TStatusCode.OK, (await s.IngestAllAndCommitAsync(next)).Status!.StatusCode);
        Assert.Equal(["1|a", "2|b"], await s.TargetRowsAsync());
        Assert.Equal(2, (await s.Target.MetaAsync("tx_stage")).Tables!.Single().Partitions!.Single().VisibleVersion);
    }

    [Fact]
    public async Task An_expired_txn_is_aborted_by_the_txn_manager()
    {
        var s = await Scenario("tx_timeout");
        var txn = await s.BeginAsync(timeout: 1);
        await Eventually.UntilAsync(() => s.StatusAsync(txn), st => st == "ABORTED", "the txn to time out");
        var row = (await s.Target.QueryAsync($"SHOW TRANSACTION FROM tx_timeout WHERE id = {txn}")).Rows.Single();
        Assert.Equal("timeout by txn manager", row.GetString("Reason"));
        Assert.Equal("1000", row.GetString("TimeoutMs"));
        var commit = await s.IngestAllAndCommitAsync(txn);
        Assert.Equal(Prefix + $"transaction [{txn}] is already aborted. abort reason: timeout by txn manager", Message(commit.Status));
    }

    [Fact]
    public async Task One_txn_publishes_all_its_tables_at_once()
    {
        var s = await Scenario("tx_multi");
        await s.Source.ExecAsync("CREATE TABLE tx_multi.t2 (k INT, v VARCHAR(10)) DUPLICATE KEY(k) DISTRIBUTED BY HASH(k) BUCKETS 1 PROPERTIES (\"replication_num\" = \"1\", \"binlog.enable\" = \"true\")");
        await s.Target.ExecAsync("CREATE TABLE tx_multi.t2 (k INT, v VARCHAR(10)) DUPLICATE KEY(k) DISTRIBUTED BY HASH(k) BUCKETS 1 PROPERTIES (\"replication_num\" = \"2\", \"binlog.enable\" = \"true\")");
        await s.Source.ExecAsync("INSERT INTO tx_multi.t2 VALUES (9, 'z')");
        var t2 = await s.Target.TableIdAsync("tx_multi", "t2");
        var request = s.BeginRequest("multi");
        request.TableIds = [s.TargetTableId, t2];
        var txn = (await s.Target.Fe.BeginTxnAsync(request, CancellationToken.None)).TxnId!.Value;

        var infos = new List<TTabletCommitInfo>();
        foreach (var table in new[] { "t", "t2" })
        {
            var dst = (await s.Target.MetaAsync("tx_multi")).Tables!.Single(t => t.Name == table).Partitions!.Single();
            var src = (await s.Source.MetaAsync("tx_multi")).Tables!.Single(t => t.Name == table).Partitions!.Single();
            var srcTablet = src.Indexes!.Single().Tablets!.Single();
            var srcBe = (await s.Source.BackendsAsync()).Single(b => b.Id == srcTablet.Replicas!.Single().BackendId);
            var tablet = dst.Indexes!.Single().Tablets!.Single();
            foreach (var replica in tablet.Replicas!)
            {
                var ingest = await (await s.Target.BeAsync(replica.BackendId!.Value)).IngestBinlogAsync(new TIngestBinlogRequest
                {
                    TxnId = txn, RemoteTabletId = srcTablet.Id, BinlogVersion = 2, RemoteHost = srcBe.Host,
                    RemotePort = srcBe.HttpPort.ToString(System.Globalization.CultureInfo.InvariantCulture), PartitionId = dst.Id,
                    LocalTabletId = tablet.Id, LoadId = new TUniqueId { Hi = -1, Lo = -1 },
                }, CancellationToken.None);
                Assert.Equal(TStatusCode.OK, ingest.Status!.StatusCode);
                infos.Add(new TTabletCommitInfo { TabletId = tablet.Id!.Value, BackendId = replica.BackendId!.Value });
            }
        }

        // Held until released, not for a wall-clock delay: "no rows yet" is read while the publish is certainly pending.
        await s.Target.SetFaultAsync("publish_timeout", "hold");
        try
        {
            Assert.Equal(TStatusCode.PUBLISH_TIMEOUT, (await s.CommitAsync(txn, infos)).Status!.StatusCode);
            Assert.Empty(await s.Target.LinesAsync("SELECT * FROM tx_multi.t UNION ALL SELECT * FROM tx_multi.t2"));
            Assert.Equal("COMMITTED", await s.StatusAsync(txn));
            await s.Target.SetFaultAsync("publish_timeout", "off");
            await Eventually.UntilAsync(() => s.StatusAsync(txn), st => st == "VISIBLE", "the publish");
        }
        finally
        {
            await s.Target.ClearFaultsAsync();
        }

        Assert.Equal(["1|a", "2|b"], await s.TargetRowsAsync());
        Assert.Equal(["9|z"], await s.Target.LinesAsync("SELECT * FROM tx_multi.t2"));
        Assert.All((await s.Target.MetaAsync("tx_multi")).Tables!, t => Assert.Equal(2, t.Partitions!.Single().VisibleVersion));

        // One UPSERT binlog names both tables.
        var upsert = (await s.Target.Fe.GetBinlogAsync(new TGetBinlogRequest
        {
            User = "root", Passwd = string.Empty, Db = "tx_multi", PrevCommitSeq = 0, NumAcquired = 100,
        }, CancellationToken.None)).Binlogs!.Single(b => b.Type == TBinlogType.UPSERT);
        Assert.Equal(new[] { s.TargetTableId, t2 }.Order(), upsert.TableIds!.Order());
    }

    [Fact]
    public async Task A_commit_after_its_table_was_dropped_names_the_table()
    {
        var s = await Scenario("tx_dropped");
        var txn = await s.BeginAsync();
        await s.Target.ExecAsync("DROP TABLE tx_dropped.t FORCE");
        var commit = await s.CommitAsync(txn, []);
        Assert.Equal(Prefix + $"unknown table, tableId={s.TargetTableId}", Message(commit.Status));
        var rollback = await s.RollbackAsync(txn);
        Assert.Equal(Prefix + $"unknown table, tableId={s.TargetTableId}", Message(rollback.Status));
    }

    [Fact]
    public async Task Show_transaction_has_Doris_columns()
    {
        var s = await Scenario("tx_show");
        var begun = DateTime.UtcNow;
        var txn = await s.BeginAsync("show_label");
        var begunSeen = DateTime.UtcNow;
        var rs = await s.Target.QueryAsync($"SHOW TRANSACTION FROM tx_show WHERE id = {txn}");
        Assert.Equal(
            ["TransactionId", "Label", "Coordinator", "TransactionStatus", "LoadJobSourceType", "PrepareTime", "PreCommitTime", "CommitTime",
             "PublishTime", "FinishTime", "Reason", "ErrorReplicasCount", "ListenerId", "TimeoutMs", "ErrMsg"],
            rs.Columns.Select(c => c.Name));
        var row = rs.Rows.Single();
        Assert.Equal("PREPARE", row.GetString("TransactionStatus"));
        Assert.Equal("show_label", row.GetString("Label"));
        Assert.Equal("259200000", row.GetString("TimeoutMs"));
        var preparedAt = DorisTime.AssertBetween(row.GetStringOrNull("PrepareTime"), begun, begunSeen, "PrepareTime");
        Assert.Equal("NULL", row.GetString("CommitTime"));
        var committing = DateTime.UtcNow;
        await s.IngestAllAndCommitAsync(txn);
        row = (await s.Target.QueryAsync($"SHOW TRANSACTION FROM tx_show WHERE id = {txn}")).Rows.Single();
        var committedSeen = DateTime.UtcNow;
        Assert.Equal("VISIBLE", row.GetString("TransactionStatus"));
        Assert.Equal(preparedAt, DorisTime.Parse(row.GetString("PrepareTime")));
        var committedAt = DorisTime.AssertBetween(row.GetStringOrNull("CommitTime"), committing, committedSeen, "CommitTime");
        var publishedAt = DorisTime.AssertBetween(row.GetStringOrNull("PublishTime"), committing, committedSeen, "PublishTime");
        var finishedAt = DorisTime.AssertBetween(row.GetStringOrNull("FinishTime"), committing, committedSeen, "FinishTime");
        Assert.True(committedAt <= publishedAt && publishedAt <= finishedAt, $"{committedAt:O} <= {publishedAt:O} <= {finishedAt:O}");
    }
}
