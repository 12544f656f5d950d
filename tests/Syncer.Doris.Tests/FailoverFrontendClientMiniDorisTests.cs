using Syncer.Doris.Rpc;
using Syncer.Doris.Thrift;
using Syncer.TestSupport;
using Syncer.TestSupport.Sql;

namespace Syncer.Doris.Tests;

/// <summary>
/// <see cref="FailoverFrontendClient"/> against a real minidoris process with three FEs: a follower's NOT_MASTER answer
/// names the master and is followed, a master that moves in the middle of a call sequence is followed to its new
/// place, and an FE that refuses connections is passed over for the next one listed.
/// </summary>
[Trait("Category", "EndToEnd")]
public sealed class FailoverFrontendClientMiniDorisTests : IAsyncLifetime
{
    private MiniDorisProcess _doris = null!;
    private DorisSqlClient _sql = null!;

    public async Task InitializeAsync()
    {
        _doris = await MiniDorisProcess.StartWithFrontendsAsync(3);
        _sql = await DorisSqlClient.OpenAsync(_doris.QueryPorts[0]);
        await _sql.ExecuteAsync("CREATE DATABASE fo", CancellationToken.None);
        await _sql.ExecuteAsync("CREATE TABLE fo.t (id INT) DUPLICATE KEY(id) DISTRIBUTED BY HASH(id) BUCKETS 1 PROPERTIES (\"replication_num\" = \"1\")",
            CancellationToken.None);
    }

    public async Task DisposeAsync()
    {
        await _sql.DisposeAsync();
        await _doris.DisposeAsync();
    }

    private FrontendEndpoint Fe(int index) => new("127.0.0.1", _doris.RpcPorts[index]);

    [Fact]
    public async Task A_follower_redirects_to_the_master()
    {
        await using var client = new FailoverFrontendClient(Fe(1), [Fe(0), Fe(2)]);
        var token = await client.GetMasterTokenAsync(new TGetMasterTokenRequest { Cluster = "", User = "root", Password = "" }, CancellationToken.None);
        Assert.Equal(TStatusCode.OK, token.Status!.StatusCode);
        Assert.False(string.IsNullOrEmpty(token.Token));
        Assert.Equal(Fe(0), client.Master);
    }

    [Fact]
    public async Task A_master_that_moves_between_begin_and_commit_is_followed()
    {
        await using var client = new FailoverFrontendClient(Fe(0), [Fe(1), Fe(2)]);
        var tableId = long.Parse(await TableIdAsync(), System.Globalization.CultureInfo.InvariantCulture);
        var begin = await client.BeginTxnAsync(new TBeginTxnRequest { User = "root", Passwd = "", Db = "fo", TableIds = [tableId], Label = "moving_master" },
            CancellationToken.None);
        Assert.Equal(TStatusCode.OK, begin.Status!.StatusCode);

        await _sql.ExecuteAsync("ADMIN SET FRONTEND CONFIG (\"minidoris.fault.move_master\" = \"2\")", CancellationToken.None);
        var commit = await client.CommitTxnAsync(new TCommitTxnRequest { User = "root", Passwd = "", Db = "fo", TxnId = begin.TxnId, CommitInfos = [] },
            CancellationToken.None);
        Assert.Equal(TStatusCode.OK, commit.Status!.StatusCode);
        Assert.Equal(Fe(2), client.Master);
    }

    [Fact]
    public async Task An_fe_that_refuses_connections_is_passed_over()
    {
        var dead = new FrontendEndpoint("127.0.0.1", FreePort.Get());
        await using var client = new FailoverFrontendClient(dead, [Fe(0)]);
        var token = await client.GetMasterTokenAsync(new TGetMasterTokenRequest { Cluster = "", User = "root", Password = "" }, CancellationToken.None);
        Assert.Equal(TStatusCode.OK, token.Status!.StatusCode);
        Assert.Equal(Fe(0), client.Master);
    }

    private async Task<string> TableIdAsync()
    {
        var dbs = await _sql.QueryResultSetAsync("show proc '/dbs/'", CancellationToken.None);
        var dbId = dbs.Rows.Single(r => r.GetStringOrNull(dbs.GetOrdinal("DbName")) == "fo").GetStringOrNull(dbs.GetOrdinal("DbId"));
        var tables = await _sql.QueryResultSetAsync($"show proc '/dbs/{dbId}/'", CancellationToken.None);
        return tables.Rows.Single().GetStringOrNull(tables.GetOrdinal("TableId"))!;
    }
}
