using System.Globalization;
using Syncer.Doris.Sql;
using Syncer.Jobs;
using Syncer.TestSupport;
using Syncer.TestSupport.Sql;

namespace Syncer.Tests.Support;

/// <summary>
/// A real minidoris process (FE over the MySQL protocol and Thrift, BEs over HTTP) with helpers to prepare it
/// as an operator would — SQL run as root — and to read back what the syncer did to it.
/// </summary>
public sealed class MiniDorisCluster : IAsyncDisposable
{
    private static int _names;

    private MiniDorisCluster(MiniDorisProcess process) => Process = process;

    public MiniDorisProcess Process { get; }

    public int QueryPort => Process.QueryPort;

    public int RpcPort => Process.RpcPort;

    /// <summary>"127.0.0.1:&lt;query port&gt;", as error messages name the cluster.</summary>
    public string Address => $"127.0.0.1:{QueryPort}";

    /// <summary>BE HTTP addresses as the syncer reports them ("127.0.0.1:&lt;http port&gt;").</summary>
    public IReadOnlyList<string> BackendHttpAddresses => Process.HttpPorts.Select(p => $"127.0.0.1:{p}").ToList();

    public static async Task<MiniDorisCluster> StartAsync(int backends = 1, params string[] extra) =>
        new(await MiniDorisProcess.StartAsync(backends, dataDir: null, extra));

    /// <summary>A cluster of <paramref name="frontends"/> FEs (FE 0 the master) and one BE.</summary>
    public static async Task<MiniDorisCluster> StartWithFrontendsAsync(int frontends) =>
        new(await MiniDorisProcess.StartWithFrontendsAsync(frontends));

    /// <summary>A name no other test of this run uses (minidoris names: letters, digits, '_' and '-').</summary>
    public static string UniqueName(string prefix) => $"{prefix}_{Interlocked.Increment(ref _names)}";

    /// <summary>A /create_ccr spec pointing at this cluster.</summary>
    public ClusterSpec Spec(string database, string table = "", string user = "root", string password = "") => new()
    {
        Host = "127.0.0.1",
        Port = QueryPort.ToString(CultureInfo.InvariantCulture),
        ThriftPort = RpcPort.ToString(CultureInfo.InvariantCulture),
        User = user,
        Password = password,
        Database = database,
        Table = table,
    };

    /// <summary>Runs statements one by one as root.</summary>
    public async Task ExecuteAsync(params string[] statements)
    {
        await using var connection = await OpenAsync();
        foreach (var sql in statements) await connection.ExecuteAsync(sql, CancellationToken.None);
    }

    /// <summary>The first column of every row.</summary>
    public async Task<IReadOnlyList<string?>> QueryColumnAsync(string sql, string column)
    {
        await using var connection = await OpenAsync();
        var result = await connection.QueryResultSetAsync(sql, CancellationToken.None);
        var ordinal = result.GetOrdinal(column);
        return result.Rows.Select(r => r.GetStringOrNull(ordinal)).ToList();
    }

    /// <summary>Every row, its fields joined with '|' (NULL as \N).</summary>
    public async Task<IReadOnlyList<string>> QueryRowsAsync(string sql)
    {
        await using var connection = await OpenAsync();
        var result = await connection.QueryResultSetAsync(sql, CancellationToken.None);
        return result.Rows.Select(r => string.Join("|", Enumerable.Range(0, result.Columns.Count).Select(i => r.GetStringOrNull(i) ?? "\\N"))).ToList();
    }

    /// <summary>Creates a one-bucket, one-replica table <c>db.table (id INT, v INT)</c> with the given properties.</summary>
    public Task CreateTableAsync(string database, string table, params string[] properties) =>
        ExecuteAsync($"CREATE TABLE {DorisSql.Identifier(database)}.{DorisSql.Identifier(table)} (id INT, v INT) DUPLICATE KEY(id) "
                     + $"DISTRIBUTED BY HASH(id) BUCKETS 1 PROPERTIES (\"replication_num\" = \"1\"{string.Concat(properties.Select(p => ", " + p))})");

    /// <summary>Creates a database, optionally with binlog on, and tables in it (binlog on unless listed in <paramref name="binlogOff"/>).</summary>
    public async Task CreateDatabaseAsync(string database, bool binlog, string[] tables, params string[] binlogOff)
    {
        await ExecuteAsync($"CREATE DATABASE {DorisSql.Identifier(database)}");
        foreach (var table in tables)
        {
            await CreateTableAsync(database, table, binlogOff.Contains(table) ? [] : [BinlogOn]);
        }
        if (binlog) await ExecuteAsync($"ALTER DATABASE {DorisSql.Identifier(database)} SET PROPERTIES ({BinlogOn})");
    }

    public const string BinlogOn = "\"binlog.enable\" = \"true\"";

    public async Task<string> ShowCreateTableAsync(string database, string table) =>
        (await QueryColumnAsync($"SHOW CREATE TABLE {DorisSql.Identifier(database)}.{DorisSql.Identifier(table)}", "Create Table")).Single()!;

    public async Task<string> ShowCreateDatabaseAsync(string database) =>
        (await QueryColumnAsync($"SHOW CREATE DATABASE {DorisSql.Identifier(database)}", "Create Database")).Single()!;

    /// <summary>The id <c>show proc '/dbs/'</c> gives <paramref name="database"/>, or null.</summary>
    public async Task<long?> DatabaseIdAsync(string database)
    {
        await using var connection = await OpenAsync();
        var result = await connection.QueryResultSetAsync("show proc '/dbs/'", CancellationToken.None);
        var row = result.Rows.SingleOrDefault(r => r.GetStringOrNull(result.GetOrdinal("DbName")) == database);
        return row?.GetInt64(result.GetOrdinal("DbId"));
    }

    /// <summary>The id <c>show proc '/dbs/&lt;id&gt;/'</c> gives <paramref name="table"/>.</summary>
    public async Task<long> TableIdAsync(string database, string table)
    {
        var dbId = await DatabaseIdAsync(database) ?? throw new InvalidOperationException($"no database {database}");
        await using var connection = await OpenAsync();
        var result = await connection.QueryResultSetAsync($"show proc '/dbs/{dbId}/'", CancellationToken.None);
        return result.Rows.Single(r => r.GetStringOrNull(result.GetOrdinal("TableName")) == table).GetInt64(result.GetOrdinal("TableId"));
    }

    public async Task<bool> DatabaseExistsAsync(string database) => await DatabaseIdAsync(database) is not null;

    private async Task<DorisSqlClient> OpenAsync() =>
        await DorisSqlClient.OpenAsync(QueryPort);

    public ValueTask DisposeAsync() => Process.DisposeAsync();
}
