using System.Net;
using System.Text.Json;
using Syncer.Doris.Rpc;
using Syncer.Doris.Thrift;
using Syncer.TestSupport;
using Syncer.Wire.MySql;
using Syncer.Wire.Thrift.Client;

namespace MiniDoris.Tests.OutOfProcess;

/// <summary>
/// The minidoris process driven from outside as users drive Doris: the real mariadb CLI and our MySQL client
/// for SQL, our Thrift client for the FE, HTTP for the BEs.
/// </summary>
[Trait("Category", "EndToEnd")]
public sealed class OutOfProcessTests
{
    private static readonly TimeSpan CliTimeout = TimeSpan.FromSeconds(60);

    private static Task<ProcessResult> Mariadb(
        MiniDorisProcess md, string sql, string user = "root", string? password = null, string? database = null, string[]? args = null)
    {
        var arguments = new List<string> { "-h127.0.0.1", $"-P{md.QueryPort}", $"-u{user}", "--batch", "--skip-ssl" };
        arguments.AddRange(args ?? []);
        if (password is not null)
        {
            arguments.Add($"-p{password}");
        }

        if (database is not null)
        {
            arguments.Add(database);
        }

        arguments.AddRange(["-e", sql]);
        return ProcessRunner.RunAsync(ExecutableFinder.Find("mariadb-client", "mariadb", "mysql"), arguments, CliTimeout);
    }

    [Fact]
    public async Task MariaDB_cli_runs_sql_and_sees_Doris_errors()
    {
        await using var md = await MiniDorisProcess.StartAsync();
        var create = await Mariadb(md, """
            CREATE DATABASE cli_db PROPERTIES ("binlog.enable" = "true");
            USE cli_db;
            CREATE TABLE t (k INT, v VARCHAR(20)) UNIQUE KEY(k) DISTRIBUTED BY HASH(k) BUCKETS 2 PROPERTIES ("replication_num" = "1");
            INSERT INTO t VALUES (1, 'one'), (2, 'two');
            INSERT INTO t VALUES (2, 'deux');
            """);
        Assert.True(create.Succeeded, create.ToString());
        var verbose = await Mariadb(md, "INSERT INTO cli_db.t VALUES (3, 'three')", args: ["-vvv"]);
        Assert.True(verbose.Succeeded, verbose.ToString());
        Assert.Contains("Query OK, 1 row affected", verbose.StandardOutput);
        Assert.Contains("'status':'VISIBLE'", verbose.StandardOutput);
        await Mariadb(md, "DELETE FROM cli_db.t WHERE k = 3");

        var select = await Mariadb(md, "SELECT * FROM t ORDER BY k", database: "cli_db");
        Assert.True(select.Succeeded, select.ToString());
        Assert.Equal("k\tv\n1\tone\n2\tdeux\n", select.StandardOutput);

        var error = await Mariadb(md, "USE nope");
        Assert.False(error.Succeeded);
        Assert.Contains("ERROR 1049 (42000) at line 1: errCode = 2, detailMessage = Unknown database 'nope'", error.StandardError);

        var banner = await Mariadb(md, "select @@version_comment limit 1");
        Assert.Contains("Doris version", banner.StandardOutput);

        var user = await Mariadb(md, "CREATE USER 'alice'@'%' IDENTIFIED BY 'pw1'; GRANT SELECT_PRIV ON cli_db.* TO 'alice'@'%'");
        Assert.True(user.Succeeded, user.ToString());
        var asAlice = await Mariadb(md, "SELECT count(*) FROM cli_db.t", "alice", "pw1");
        Assert.True(asAlice.Succeeded, asAlice.ToString());
        Assert.Equal("count(*)\n2\n", asAlice.StandardOutput);
        var wrong = await Mariadb(md, "SELECT 1", "alice", "bad");
        Assert.Contains("ERROR 1045", wrong.StandardError);
    }

    [Fact]
    public async Task Our_MySQL_client_reads_columns_by_name()
    {
        await using var md = await MiniDorisProcess.StartAsync(backends: 2);
        await using var conn = await MySqlConnection.OpenAsync(
            new MySqlConnectionOptions { Host = "127.0.0.1", Port = md.QueryPort, User = "root" }, CancellationToken.None);
        await conn.ExecuteAsync("CREATE DATABASE wire_db", CancellationToken.None);
        await conn.ChangeDatabaseAsync("wire_db", CancellationToken.None);
        await conn.ExecuteAsync("""CREATE TABLE t (k INT, d DECIMAL(8, 3)) DUPLICATE KEY(k) DISTRIBUTED BY HASH(k) BUCKETS 1 PROPERTIES ("replication_num" = "2")""", CancellationToken.None);
        var insert = await conn.QueryAsync("INSERT INTO t VALUES (1, 1.5), (2, NULL)", CancellationToken.None);
        Assert.Equal(2UL, insert.AffectedRows);
        // Doris reports the load's label, status and txn id in the OK packet's info.
        Assert.Matches("^\\{'label':'[^']+', 'status':'VISIBLE', 'txnId':'\\d+'\\}$", insert.Info);
        var rows = await conn.QueryResultSetAsync("SELECT k, d FROM t ORDER BY k", CancellationToken.None);
        Assert.Equal(MySqlColumnType.Long, rows.Columns[0].Type);
        Assert.Equal(MySqlColumnType.NewDecimal, rows.Columns[1].Type);
        Assert.Equal("1.500", rows.Rows[0]["d"]);
        Assert.True(rows.Rows[1].IsNull("d"));

        var backends = await conn.QueryResultSetAsync("SHOW BACKENDS", CancellationToken.None);
        Assert.Equal(md.BePorts, backends.Rows.Select(r => r.GetInt32("BePort")));
        Assert.Equal(md.HttpPorts, backends.Rows.Select(r => r.GetInt32("HttpPort")));
        var fe = await conn.QueryResultSetAsync("select Host, QueryPort, RpcPort, IsMaster from frontends();", CancellationToken.None);
        Assert.Equal(md.RpcPort, fe.Rows[0].GetInt32("RpcPort"));
        Assert.True(fe.Rows[0].GetBoolean("IsMaster"));
        var dbs = await conn.QueryResultSetAsync("show proc '/dbs/'", CancellationToken.None);
        Assert.Contains(dbs.Rows, r => r["DbName"] == "wire_db");

        var e = await Assert.ThrowsAsync<MySqlException>(async () => await conn.ExecuteAsync("DROP TABLE nope", CancellationToken.None));
        Assert.Equal(1109, e.ErrorCode);

        // A failed statement rolls the engine back to its saved state; the bound ports are part of it.
        backends = await conn.QueryResultSetAsync("SHOW BACKENDS", CancellationToken.None);
        Assert.Equal(md.BePorts, backends.Rows.Select(r => r.GetInt32("BePort")));
    }

    [Fact]
    public async Task Thrift_frontend_serves_binlogs_meta_backends_and_token()
    {
        await using var md = await MiniDorisProcess.StartAsync(backends: 2);
        var sql = await Mariadb(md, """
            CREATE DATABASE rpc_db PROPERTIES ("binlog.enable" = "true");
            USE rpc_db;
            CREATE TABLE t (k INT, v INT) DUPLICATE KEY(k) PARTITION BY RANGE(k) (PARTITION p1 VALUES LESS THAN (100))
              DISTRIBUTED BY HASH(k) BUCKETS 2 PROPERTIES ("replication_num" = "2");
            INSERT INTO t VALUES (1, 1), (50, 50);
            """);
        Assert.True(sql.Succeeded, sql.ToString());
        await using var fe = new FrontendClient(new ThriftClientOptions("127.0.0.1", md.RpcPort));

        var first = await fe.GetBinlogAsync(new TGetBinlogRequest { User = "root", Passwd = string.Empty, Db = "rpc_db", PrevCommitSeq = 0 }, CancellationToken.None);
        Assert.Equal(TStatusCode.OK, first.Status!.StatusCode);
        Assert.Equal(TBinlogType.CREATE_TABLE, first.Binlogs!.Single().Type);
        var upsert = await fe.GetBinlogAsync(new TGetBinlogRequest
        {
            User = "root", Passwd = string.Empty, Db = "rpc_db", Table = "t", PrevCommitSeq = first.Binlogs![0].CommitSeq, NumAcquired = 10,
        }, CancellationToken.None);
        var binlog = upsert.Binlogs!.Single();
        Assert.Equal(TBinlogType.UPSERT, binlog.Type);
        var tooNew = await fe.GetBinlogAsync(new TGetBinlogRequest { User = "root", Passwd = string.Empty, Db = "rpc_db", PrevCommitSeq = binlog.CommitSeq }, CancellationToken.None);
        Assert.Equal(TStatusCode.BINLOG_TOO_NEW_COMMIT_SEQ, tooNew.Status!.StatusCode);
        var denied = await fe.GetBinlogAsync(new TGetBinlogRequest { User = "root", Passwd = "wrong", Db = "rpc_db", PrevCommitSeq = 0 }, CancellationToken.None);
        Assert.Equal(TStatusCode.ANALYSIS_ERROR, denied.Status!.StatusCode);
        var lag = await fe.GetBinlogLagAsync(new TGetBinlogRequest { User = "root", Passwd = string.Empty, Db = "rpc_db", PrevCommitSeq = 0 }, CancellationToken.None);
        Assert.Equal(2, lag.Lag);

        var meta = await fe.GetMetaAsync(new TGetMetaRequest
        {
            User = "root", Passwd = string.Empty, Db = new TGetMetaDB { Name = "rpc_db" },
        }, CancellationToken.None);
        var partition = meta.DbMeta!.Tables!.Single().Partitions!.Single();
        Assert.Equal(2, partition.VisibleVersion);
        var data = JsonDocument.Parse(binlog.Data!).RootElement.GetProperty("tableRecords").EnumerateObject().Single().Value;
        Assert.Equal(partition.Range, data.GetProperty("partitionRecords")[0].GetProperty("range").GetString());
        var tablets = partition.Indexes!.Single().Tablets!;
        Assert.Equal(2, tablets.Count);
        Assert.All(tablets, t => Assert.Equal(2, t.Replicas!.Count));
        Assert.All(tablets.SelectMany(t => t.Replicas!), r => Assert.Equal(2, r.Version));

        var backends = await fe.GetBackendMetaAsync(new TGetBackendMetaRequest { User = "root", Passwd = string.Empty }, CancellationToken.None);
        Assert.Equal(md.BePorts, backends.Backends!.Select(b => b.BePort));
        Assert.Equal(md.HttpPorts, backends.Backends!.Select(b => b.HttpPort));

        var token = await fe.GetMasterTokenAsync(new TGetMasterTokenRequest { User = "root", Password = string.Empty }, CancellationToken.None);
        Assert.Equal(TStatusCode.OK, token.Status!.StatusCode);
        Assert.False(string.IsNullOrEmpty(token.Token));
        var badToken = await fe.GetMasterTokenAsync(new TGetMasterTokenRequest { User = "root", Password = "x" }, CancellationToken.None);
        Assert.Equal(TStatusCode.NOT_AUTHORIZED, badToken.Status!.StatusCode);

        // The rowset of that version is downloadable from a BE holding a replica, with the BE HTTP protocol.
        var tablet = tablets.First(t => (JsonDocument.Parse(binlog.Data!) is { } _));
        var replica = tablet.Replicas![0];
        var httpPort = md.HttpPorts[backends.Backends!.FindIndex(b => b.Id == replica.BackendId)];
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{httpPort}") };
        var info = await http.GetStringAsync($"/api/_binlog/_download?method=get_binlog_info&tablet_id={tablet.Id}&binlog_version=2");
        var parts = info.Split(':');
        Assert.Equal(2, parts.Length);
        var rowsetMeta = await http.GetStringAsync($"/api/_binlog/_download?method=get_rowset_meta&tablet_id={tablet.Id}&rowset_id={parts[0]}&binlog_version=2");
        Assert.Equal(tablet.Id, JsonDocument.Parse(rowsetMeta).RootElement.GetProperty("tablet_id").GetInt64());
        if (parts[1] == "1")
        {
            var url = $"/api/_binlog/_download?method=get_segment_file&tablet_id={tablet.Id}&rowset_id={parts[0]}&segment_index=0";
            using var head = await http.SendAsync(new HttpRequestMessage(HttpMethod.Head, url));
            Assert.Equal(HttpStatusCode.OK, head.StatusCode);
            using var get = await http.GetAsync(url + "&acquire_md5=true");
            var body = await get.Content.ReadAsByteArrayAsync();
            Assert.Equal(head.Content.Headers.ContentLength, body.Length);
            Assert.Equal(Convert.ToHexString(System.Security.Cryptography.MD5.HashData(body)).ToLowerInvariant(), get.Headers.GetValues("Content-MD5").Single());
        }

        using var missing = await http.GetAsync($"/api/_binlog/_download?method=get_binlog_info&tablet_id={tablet.Id}&binlog_version=9");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        var config = JsonDocument.Parse(await http.GetStringAsync("/api/show_config?conf_item=enable_feature_binlog")).RootElement;
        Assert.Equal("true", config[0][2].GetString());
    }

    [Fact]
    public async Task Restart_with_data_dir_keeps_commit_seqs_and_data()
    {
        var dir = Path.Combine(Path.GetTempPath(), "minidoris-oop-" + Guid.NewGuid().ToString("N"));
        try
        {
            List<(long, TBinlogType?)> before;
            await using (var md = await MiniDorisProcess.StartAsync(dataDir: dir))
            {
                var sql = await Mariadb(md, """
                    CREATE DATABASE keep_db PROPERTIES ("binlog.enable" = "true");
                    USE keep_db;
                    CREATE TABLE t (k INT) DUPLICATE KEY(k) DISTRIBUTED BY HASH(k) BUCKETS 1 PROPERTIES ("replication_num" = "1");
                    INSERT INTO t VALUES (1), (2);
                    ALTER TABLE t ADD COLUMN c INT NULL;
                    """);
                Assert.True(sql.Succeeded, sql.ToString());
                before = await ReadAll(md, "keep_db");
                Assert.Equal(0, await md.StopAsync());
            }

            await using (var again = await MiniDorisProcess.StartAsync(dataDir: dir))
            {
                Assert.Equal(before, await ReadAll(again, "keep_db"));
                var select = await Mariadb(again, "SELECT k, c FROM keep_db.t ORDER BY k");
                Assert.Equal("k\tc\n1\tNULL\n2\tNULL\n", select.StandardOutput);
                var insert = await Mariadb(again, "INSERT INTO keep_db.t VALUES (3, 3)");
                Assert.True(insert.Succeeded, insert.ToString());
                var after = await ReadAll(again, "keep_db");
                Assert.True(after[^1].Item1 > before[^1].Item1);
            }
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public async Task Feature_flags_turn_binlog_off_on_the_fe_and_the_bes()
    {
        await using var md = await MiniDorisProcess.StartAsync(1, null, "--enable-feature-binlog", "false", "--be-enable-feature-binlog", "false");
        var sql = await Mariadb(md, """
            ADMIN SHOW FRONTEND CONFIG LIKE "%enable_feature_binlog%";
            CREATE DATABASE off_db;
            CREATE TABLE off_db.t (k INT) DUPLICATE KEY(k) DISTRIBUTED BY HASH(k) BUCKETS 1 PROPERTIES ("replication_num" = "1");
            INSERT INTO off_db.t VALUES (1);
            """);
        Assert.True(sql.Succeeded, sql.ToString());
        Assert.Contains("enable_feature_binlog\tfalse\tboolean", sql.StandardOutput);
        var refused = await Mariadb(md, """ALTER TABLE off_db.t SET ("binlog.enable" = "true")""");
        Assert.Contains("Binlog feature is not enabled", refused.StandardError);

        await using var fe = new FrontendClient(new ThriftClientOptions("127.0.0.1", md.RpcPort));
        var binlog = await fe.GetBinlogAsync(new TGetBinlogRequest { User = "root", Passwd = string.Empty, Db = "off_db", PrevCommitSeq = 0 }, CancellationToken.None);
        Assert.Equal(TStatusCode.BINLOG_NOT_FOUND_DB, binlog.Status!.StatusCode);

        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{md.HttpPorts[0]}") };
        var config = JsonDocument.Parse(await http.GetStringAsync("/api/show_config?conf_item=enable_feature_binlog")).RootElement;
        Assert.Equal("false", config[0][2].GetString());
        using var download = await http.GetAsync("/api/_binlog/_download?method=get_binlog_info&tablet_id=1&binlog_version=2");
        Assert.Equal(HttpStatusCode.InternalServerError, download.StatusCode);
        Assert.Equal("binlog feature is not enabled.", await download.Content.ReadAsStringAsync());

        await using var be = new BackendClient(new ThriftClientOptions("127.0.0.1", md.BePorts[0]));
        var ingest = await be.IngestBinlogAsync(new TIngestBinlogRequest { TxnId = 1 }, CancellationToken.None);
        Assert.Equal(TStatusCode.RUNTIME_ERROR, ingest.Status!.StatusCode);
        Assert.Equal(["enable feature binlog is false"], ingest.Status.ErrorMsgs);
    }

    [Fact]
    public async Task Bad_arguments_print_usage()
    {
        var result = await ProcessRunner.RunAsync("dotnet", [Path.Combine(AppContext.BaseDirectory, "minidoris.dll"), "--query-port", "x"], CliTimeout);
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("usage: minidoris", result.StandardError);
    }

    private static async Task<List<(long, TBinlogType?)>> ReadAll(MiniDorisProcess md, string db)
    {
        await using var fe = new FrontendClient(new ThriftClientOptions("127.0.0.1", md.RpcPort));
        var result = await fe.GetBinlogAsync(new TGetBinlogRequest { User = "root", Passwd = string.Empty, Db = db, PrevCommitSeq = 0, NumAcquired = 255 }, CancellationToken.None);
        Assert.Equal(TStatusCode.OK, result.Status!.StatusCode);
        return result.Binlogs!.Select(b => (b.CommitSeq!.Value, b.Type)).ToList();
    }
}
