using Syncer.Doris.Rpc;
using Syncer.Doris.Sql;
using Syncer.Doris.Thrift;
using Syncer.TestSupport;
using Syncer.TestSupport.Sql;

namespace MiniDoris.Tests.Replication;

/// <summary>
/// One minidoris process as a syncer sees a cluster: SQL over our MySQL client, FrontendService over Thrift, and a
/// BackendService client per BE (looked up by backend id through getBackendMeta, as the syncer does).
/// </summary>
public sealed class DorisNode : IAsyncDisposable
{
    private readonly Dictionary<long, BackendClient> _backends = [];
    private readonly DorisSqlClient _sql;

    private DorisNode(MiniDorisProcess process, DorisSqlClient sql, FrontendClient fe)
    {
        Process = process;
        _sql = sql;
        Fe = fe;
    }

    public MiniDorisProcess Process { get; }

    public FrontendClient Fe { get; }

    public static async Task<DorisNode> StartAsync(int backends, string? dataDir = null, params string[] extra)
    {
        var process = await MiniDorisProcess.StartAsync(backends, dataDir, extra);
        var sql = await Open(process);
        return new DorisNode(process, sql, new FrontendClient(new ThriftClientOptions("127.0.0.1", process.RpcPort)));
    }

    public async Task ExecAsync(string sql) => await _sql.ExecuteAsync(sql, CancellationToken.None);

    public async Task<TextResultSet> QueryAsync(string sql) => await _sql.QueryResultSetAsync(sql, CancellationToken.None);

    /// <summary>Rows of a query joined with '|' (NULL as \N).</summary>
    public async Task<List<string>> LinesAsync(string sql)
    {
        var rs = await QueryAsync(sql);
        return rs.Rows.Select(r => string.Join("|", Enumerable.Range(0, rs.Columns.Count).Select(i => r[i] ?? "\\N"))).ToList();
    }

    /// <summary>Runs a statement that must fail and returns Doris's message.</summary>
    public async Task<string> FailsAsync(string sql)
    {
        var e = await Assert.ThrowsAsync<DorisSqlException>(async () => await _sql.ExecuteAsync(sql, CancellationToken.None));
        return e.Message;
    }

    public async Task SetFaultAsync(string name, string value) =>
        await ExecAsync($"ADMIN SET FRONTEND CONFIG (\"minidoris.fault.{name}\" = \"{value}\")");

    public async Task ClearFaultsAsync() => await ExecAsync("ADMIN SET FRONTEND CONFIG (\"minidoris.fault.clear\" = \"all\")");

    public async Task<List<TBackend>> BackendsAsync()
    {
        var result = await Fe.GetBackendMetaAsync(new TGetBackendMetaRequest { Cluster = string.Empty, User = "root", Passwd = string.Empty }, CancellationToken.None);
        Assert.Equal(TStatusCode.OK, result.Status!.StatusCode);
        return result.Backends!;
    }

    /// <summary>The BackendService client of a backend (by id).</summary>
    public async Task<BackendClient> BeAsync(long backendId)
    {
        if (!_backends.TryGetValue(backendId, out var client))
        {
            var backend = (await BackendsAsync()).Single(b => b.Id == backendId);
            client = new BackendClient(new ThriftClientOptions(backend.Host, backend.BePort));
            _backends[backendId] = client;
        }

        return client;
    }

    public async Task<long> DbIdAsync(string db) =>
        long.Parse((await QueryAsync("show proc '/dbs/'")).Rows.Single(r => r["DbName"] == db).GetString("DbId"), System.Globalization.CultureInfo.InvariantCulture);

    public async Task<TGetMetaDBMeta> MetaAsync(string db, params long[] tableIds)
    {
        var result = await Fe.GetMetaAsync(new TGetMetaRequest
        {
            User = "root",
            Passwd = string.Empty,
            Db = new TGetMetaDB { Id = await DbIdAsync(db), Tables = tableIds.Length == 0 ? null : tableIds.Select(id => new TGetMetaTable { Id = id }).ToList() },
        }, CancellationToken.None);
        Assert.Equal(TStatusCode.OK, result.Status!.StatusCode);
        return result.DbMeta!;
    }

    public async Task<long> TableIdAsync(string db, string table) =>
        (await MetaAsync(db)).Tables!.Single(t => t.Name == table).Id;

    /// <summary>The process restarts on its data dir; the clients reconnect.</summary>
    public async Task<DorisNode> RestartAsync(string dataDir, int backends)
    {
        await DisposeAsync();
        return await StartAsync(backends, dataDir);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var be in _backends.Values)
        {
            await be.DisposeAsync();
        }

        _backends.Clear();
        await Fe.DisposeAsync();
        await _sql.DisposeAsync();
        await Process.DisposeAsync();
    }

    private static async Task<DorisSqlClient> Open(MiniDorisProcess process) =>
        await DorisSqlClient.OpenAsync(process.QueryPort);
}
