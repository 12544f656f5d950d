using MiniDoris.Tests.Replication;
using Syncer.Doris.Rpc;
using Syncer.Doris.Thrift;
using Syncer.TestSupport;
using Syncer.Wire.MySql;
using Syncer.Wire.Thrift.Client;

namespace MiniDoris.Tests.OutOfProcess;

/// <summary>
/// <c>--frontends N</c>: one master and followers, each with its own query and rpc port. Followers answer the CCR RPCs
/// with NOT_MASTER and the master's address (FrontendServiceImpl), their SQL lands on the shared catalog as Doris's
/// forwarding does, and the move_master fault fails the master over to another FE.
/// </summary>
public sealed class FrontendsTests
{
    private static async Task<MySqlConnection> OpenAsync(int port) =>
        await MySqlConnection.OpenAsync(new MySqlConnectionOptions { Host = "127.0.0.1", Port = port, User = "root" }, CancellationToken.None);

    private static void AssertNotMaster(TStatus? status, TNetworkAddress? master, int masterRpcPort)
    {
        Assert.Equal(TStatusCode.NOT_MASTER, status!.StatusCode);
        Assert.Equal(["FE is not master"], status.ErrorMsgs);
        Assert.Equal("127.0.0.1", master!.Hostname);
        Assert.Equal(masterRpcPort, master.Port);
    }

    [Fact]
    public async Task Followers_list_themselves_forward_sql_and_answer_not_master_with_the_master_address()
    {
        await using var md = await MiniDorisProcess.StartWithFrontendsAsync(3);
        Assert.Equal(3, md.QueryPorts.Count);
        Assert.Equal(3, md.RpcPorts.Count);
        Assert.Equal(6, md.QueryPorts.Concat(md.RpcPorts).Distinct().Count());
        Assert.Matches(@"^minidoris ready query=\d+,\d+,\d+ rpc=\d+,\d+,\d+ be=\d+ http=\d+$", md.ReadyLine);

        // SQL on a follower: the DDL and the load reach the one catalog, and the master's FE reads them.
        await using (var follower = await OpenAsync(md.QueryPorts[1]))
        {
            await follower.ExecuteAsync("CREATE DATABASE fe_db", CancellationToken.None);
            await follower.ExecuteAsync(
                """CREATE TABLE fe_db.t (k INT) DUPLICATE KEY(k) DISTRIBUTED BY HASH(k) BUCKETS 1 PROPERTIES ("replication_num" = "1", "binlog.enable" = "true")""",
                CancellationToken.None);
            await follower.ExecuteAsync("INSERT INTO fe_db.t VALUES (1), (2)", CancellationToken.None);

            var fes = await follower.QueryResultSetAsync("select Host, QueryPort, RpcPort, IsMaster from frontends()", CancellationToken.None);
            Assert.Equal(md.QueryPorts, fes.Rows.Select(r => r.GetInt32("QueryPort")));
            Assert.Equal(md.RpcPorts, fes.Rows.Select(r => r.GetInt32("RpcPort")));
            Assert.Equal([true, false, false], fes.Rows.Select(r => r.GetBoolean("IsMaster")));
            var show = await follower.QueryResultSetAsync("SHOW FRONTENDS", CancellationToken.None);
            Assert.Equal(["No", "Yes", "No"], show.Rows.Select(r => r["CurrentConnected"]));
            Assert.All(show.Rows, r => Assert.Equal("FOLLOWER", r["Role"]));
        }

        await using (var master = await OpenAsync(md.QueryPorts[0]))
        {
            var rows = await master.QueryResultSetAsync("SELECT count(*) AS n FROM fe_db.t", CancellationToken.None);
            Assert.Equal("2", rows.Rows.Single()["n"]);
        }

        // Every CCR method of a follower answers NOT_MASTER with the master's rpc address.
        var ct = CancellationToken.None;
        await using var fe1 = new FrontendClient(new ThriftClientOptions("127.0.0.1", md.RpcPorts[1]));
        var master0 = md.RpcPorts[0];
        var binlog = await fe1.GetBinlogAsync(new TGetBinlogRequest { User = "root", Passwd = string.Empty, Db = "fe_db", PrevCommitSeq = 0 }, ct);
        AssertNotMaster(binlog.Status, binlog.MasterAddress, master0);
        var lag = await fe1.GetBinlogLagAsync(new TGetBinlogRequest { User = "root", Passwd = string.Empty, Db = "fe_db", PrevCommitSeq = 0 }, ct);
        AssertNotMaster(lag.Status, lag.MasterAddress, master0);
        var meta = await fe1.GetMetaAsync(new TGetMetaRequest { User = "root", Passwd = string.Empty, Db = new TGetMetaDB { Name = "fe_db" } }, ct);
        AssertNotMaster(meta.Status, meta.MasterAddress, master0);
        var backends = await fe1.GetBackendMetaAsync(new TGetBackendMetaRequest { User = "root", Passwd = string.Empty }, ct);
        AssertNotMaster(backends.Status, backends.MasterAddress, master0);
        var token = await fe1.GetMasterTokenAsync(new TGetMasterTokenRequest { User = "root", Password = string.Empty }, ct);
        AssertNotMaster(token.Status, token.MasterAddress, master0);
        var begin = await fe1.BeginTxnAsync(new TBeginTxnRequest { User = "root", Passwd = string.Empty, Db = "fe_db", TableIds = [1], Label = "x" }, ct);
        AssertNotMaster(begin.Status, begin.MasterAddress, master0);
        var commit = await fe1.CommitTxnAsync(new TCommitTxnRequest { User = "root", Passwd = string.Empty, Db = "fe_db", TxnId = 1, CommitInfos = [] }, ct);
        AssertNotMaster(commit.Status, commit.MasterAddress, master0);
        var rollback = await fe1.RollbackTxnAsync(new TRollbackTxnRequest { User = "root", Passwd = string.Empty, Db = "fe_db", TxnId = 1 }, ct);
        AssertNotMaster(rollback.Status, rollback.MasterAddress, master0);
        var snapshot = await fe1.GetSnapshotAsync(new TGetSnapshotRequest { User = "root", Passwd = string.Empty, Db = "fe_db", LabelName = "l" }, ct);
        AssertNotMaster(snapshot.Status, snapshot.MasterAddress, master0);
        var restore = await fe1.RestoreSnapshotAsync(new TRestoreSnapshotRequest { User = "root", Passwd = string.Empty, Db = "fe_db", LabelName = "l" }, ct);
        AssertNotMaster(restore.Status, restore.MasterAddress, master0);

        // The master serves.
        await using var fe0 = new FrontendClient(new ThriftClientOptions("127.0.0.1", master0));
        var served = await fe0.GetBinlogAsync(new TGetBinlogRequest { User = "root", Passwd = string.Empty, Db = "fe_db", PrevCommitSeq = 0, NumAcquired = 10 }, ct);
        Assert.Equal(TStatusCode.OK, served.Status!.StatusCode);
    }

    [Fact]
    public async Task Master_moves_in_the_middle_of_a_remote_load()
    {
        await using var source = await DorisNode.StartAsync(1);
        await using var target = await DorisNode.StartAsync(2, null, "--frontends", "3");
        var ports = target.Process.RpcPorts;
        var s = await TxnScenario.CreateAsync(source, target, "fe_move");
        var (tablet, backends, _, _) = await s.LayoutAsync();

        // Begun on FE 0 (the master) and ingested on every replica.
        var txn = await s.BeginAsync("fe_move_label");
        foreach (var be in backends)
        {
            Assert.Equal(TStatusCode.OK, (await s.IngestAsync(txn, be)).Status!.StatusCode);
        }

        // The master fails over to FE 2 before the commit.
        await target.ExecAsync("""ADMIN SET FRONTEND CONFIG ("minidoris.fault.move_master" = "2")""");
        var infos = backends.Select(b => new TTabletCommitInfo { TabletId = tablet, BackendId = b }).ToList();
        var onOld = await s.CommitAsync(txn, infos);
        AssertNotMaster(onOld.Status, onOld.MasterAddress, ports[2]);
        Assert.Equal("PREPARE", await s.StatusAsync(txn));

        // The syncer follows master_address: the new master knows the txn (the journal is shared) and commits it.
        await using var newMaster = new FrontendClient(new ThriftClientOptions(onOld.MasterAddress!.Hostname!, onOld.MasterAddress.Port));
        var commit = await newMaster.CommitTxnAsync(
            new TCommitTxnRequest { User = "root", Passwd = string.Empty, Db = "fe_move", TxnId = txn, CommitInfos = infos }, CancellationToken.None);
        Assert.Equal(TStatusCode.OK, commit.Status!.StatusCode);
        Assert.Equal(["1|a", "2|b"], await s.TargetRowsAsync());

        var fes = await target.QueryAsync("select IsMaster from frontends()");
        Assert.Equal([false, false, true], fes.Rows.Select(r => r.GetBoolean("IsMaster")));

        // A bad target is refused and changes nothing.
        Assert.Contains("minidoris has no frontend 7", await target.FailsAsync("""ADMIN SET FRONTEND CONFIG ("minidoris.fault.move_master" = "7")"""));
        await target.ExecAsync("""ADMIN SET FRONTEND CONFIG ("minidoris.fault.move_master" = "next")""");
        fes = await target.QueryAsync("select IsMaster from frontends()");
        Assert.Equal([true, false, false], fes.Rows.Select(r => r.GetBoolean("IsMaster")));
    }
}
