using System.Diagnostics;
using System.Text.Json;
using Syncer.Jobs;
using Syncer.Store;
using Syncer.Tests.Support;

namespace Syncer.Tests.EndToEnd;

/// <summary>
/// /create_ccr and the job endpoints that talk to Doris, over a real Kestrel port, against two real minidoris
/// processes (source and destination): every creation check of docs/api.md (<c>/create_ccr</c>) with its exact message, the
/// ids the syncer resolves compared with what minidoris reports, /get_lag from minidoris's getBinlogLag,
/// /desync read back with SHOW CREATE TABLE.
/// </summary>
[Trait("Category", "EndToEnd")]
public sealed class CreateCcrEndToEndTests(MiniDorisPair doris) : IClassFixture<MiniDorisPair>, IAsyncLifetime
{
    private RunningSyncer _syncer = null!;

    private MiniDorisCluster Src => doris.Src;

    private MiniDorisCluster Dest => doris.Dest;

    private string SrcAt => $"src cluster {Src.Address}: ";

    private string DestAt => $"dest cluster {Dest.Address}: ";

    private IJobStore Store => _syncer.Service.Get<IJobStore>();

    public async Task InitializeAsync() => _syncer = await RunningSyncer.StartAsync();

    public async Task DisposeAsync() => await _syncer.DisposeAsync();

    private static object Job(string name, ClusterSpec src, ClusterSpec dest, bool allowTableExists = false) =>
        new { name, src, dest, allow_table_exists = allowTableExists };

    /// <summary>A source database with binlog on its table <c>orders</c> (and on the database when <paramref name="dbBinlog"/>).</summary>
    private async Task<string> SourceDatabaseAsync(bool dbBinlog = false, params string[] binlogOff)
    {
        var db = MiniDorisCluster.UniqueName("shop");
        await Src.CreateDatabaseAsync(db, dbBinlog, ["orders", .. binlogOff], binlogOff);
        return db;
    }

    [Fact]
    public async Task Table_sync_resolves_ids_creates_the_dest_database_and_is_stored_and_listed()
    {
        var db = await SourceDatabaseAsync();
        var destDb = MiniDorisCluster.UniqueName("shop_bak");
        await _syncer.CreateAsync(Job("orders_sync", Src.Spec(db, "orders"), Dest.Spec(destDb, "orders")));

        Assert.True(await Dest.DatabaseExistsAsync(destDb));
        var listed = await _syncer.CallAsync("/list_jobs", new { });
        Assert.Equal("orders_sync", Assert.Single(listed.GetProperty("jobs").EnumerateArray()).GetString());
        var status = (await _syncer.CallAsync("/job_status", new { name = "orders_sync" })).GetProperty("status");
        Assert.Equal(("orders_sync", "running"), (status.GetProperty("name").GetString(), status.GetProperty("state").GetString()));
        Assert.Contains(status.GetProperty("progress_state").GetString(), new[] { "TableFullSync", "TableIncrementalSync" });

        // The ids are those minidoris itself reports, and they are persisted in job_info.
        var stored = (await Store.GetJobAsync("orders_sync", CancellationToken.None))!;
        Assert.Equal(_syncer.Options.Identity, stored.Owner);
        Assert.Equal(SyncType.TableSync, stored.Info.SyncType);
        Assert.Equal(await Src.DatabaseIdAsync(db), stored.Info.Src.DbId);
        Assert.Equal(await Src.TableIdAsync(db, "orders"), stored.Info.Src.TableId);
        Assert.Equal(await Dest.DatabaseIdAsync(destDb), stored.Info.Dest.DbId);
        foreach (var (side, cluster) in new[] { (stored.Info.Src, Src), (stored.Info.Dest, Dest) })
        {
            var frontend = Assert.Single(side.Frontends);
            Assert.Equal(("127.0.0.1", cluster.QueryPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
                cluster.RpcPort.ToString(System.Globalization.CultureInfo.InvariantCulture), true), (frontend.Host, frontend.Port, frontend.ThriftPort, frontend.IsMaster));
        }
        using var detail = JsonDocument.Parse((await _syncer.CallAsync("/job_detail", new { name = "orders_sync" })).GetProperty("job_detail").GetString()!);
        Assert.Equal(stored.Info.Src.TableId, detail.RootElement.GetProperty("src").GetProperty("table_id").GetInt64());
        Assert.Equal(1, detail.RootElement.GetProperty("sync_type").GetInt32());
        Assert.Equal(0, detail.RootElement.GetProperty("state").GetInt32());

        var metrics = await _syncer.Http.GetStringAsync("/metrics");
        Assert.Contains("ccr_job_handling_commit_seq{job=\"orders_sync\"} ", metrics, StringComparison.Ordinal);
        Assert.Contains("ccr_job_state{job=\"orders_sync\",state=\"running\"} 1\n", metrics, StringComparison.Ordinal);
        Assert.Contains("ccr_jobs_created_total 1\n", metrics, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Db_sync_needs_binlog_on_the_database_and_then_succeeds()
    {
        var db = await SourceDatabaseAsync(dbBinlog: false);
        var destDb = MiniDorisCluster.UniqueName("shop_bak");
        var job = Job("db_sync", Src.Spec(db), Dest.Spec(destDb));
        Assert.Equal($"{SrcAt}database {db} has binlog disabled: run enable_db_binlog.sh -h 127.0.0.1 -p {Src.QueryPort} -u root -d {db}",
            await _syncer.CreateFailureAsync(job));
        Assert.False(await Dest.DatabaseExistsAsync(destDb));

        await Src.ExecuteAsync($"ALTER DATABASE `{db}` SET PROPERTIES ({MiniDorisCluster.BinlogOn})");
        await _syncer.CreateAsync(job);
        var stored = (await Store.GetJobAsync("db_sync", CancellationToken.None))!;
        Assert.Equal(SyncType.DbSync, stored.Info.SyncType);
        Assert.Equal((await Src.DatabaseIdAsync(db), 0L), (stored.Info.Src.DbId, stored.Info.Src.TableId));
        Assert.Equal(await Dest.DatabaseIdAsync(destDb), stored.Info.Dest.DbId);
        var status = await _syncer.CallAsync("/job_status", new { name = "db_sync" });
        // The engine may already have moved past the full sync of this small database.
        Assert.Contains(status.GetProperty("status").GetProperty("progress_state").GetString(), new[] { "DBFullSync", "DBTablesIncrementalSync", "DBIncrementalSync" });

        // A database job's lag counts the database's binlogs: one more after a load (paused, so the engine applies nothing
        // meanwhile). Paused only after the full sync: one still under way writes binlogs of its own on the source (the
        // BACKUP's barrier), which would count between the two readings.
        await Eventually.UntilAsync(async () =>
        {
            var progress = await _syncer.CallAsync("/job_status", new { name = "db_sync" });
            return progress.GetProperty("status").GetProperty("progress_state").GetString() is "DBTablesIncrementalSync" or "DBIncrementalSync";
        }, TimeSpan.FromSeconds(60), "the database job's full sync to end");
        Assert.True((await _syncer.CallAsync("/pause", new { name = "db_sync" })).GetProperty("success").GetBoolean());
        var before = await _syncer.CallAsync("/get_lag", new { name = "db_sync" });
        Assert.True(before.GetProperty("success").GetBoolean(), before.ToString());
        await Src.ExecuteAsync($"INSERT INTO `{db}`.`orders` VALUES (1, 10)");
        var after = await _syncer.CallAsync("/get_lag", new { name = "db_sync" });
        Assert.Equal(before.GetProperty("lag").GetInt64() + 1, after.GetProperty("lag").GetInt64());
    }

    [Fact]
    public async Task Table_sync_of_a_table_with_binlog_off_names_the_fix()
    {
        var db = await SourceDatabaseAsync(dbBinlog: false, binlogOff: "plain");
        var error = await _syncer.CreateFailureAsync(Job("t", Src.Spec(db, "plain"), Dest.Spec(MiniDorisCluster.UniqueName("bak"), "plain")));
        Assert.Equal($"{SrcAt}table {db}.plain has binlog disabled: run enable_db_binlog.sh -h 127.0.0.1 -p {Src.QueryPort} -u root -d {db}, "
                     + $"or ALTER TABLE `{db}`.`plain` SET (\"binlog.enable\" = \"true\")", error);
    }

    [Fact]
    public async Task Missing_source_database_and_table_are_named()
    {
        var db = await SourceDatabaseAsync();
        var missingDb = MiniDorisCluster.UniqueName("nodb");
        Assert.Equal($"{SrcAt}database {missingDb} does not exist",
            await _syncer.CreateFailureAsync(Job("t", Src.Spec(missingDb, "orders"), Dest.Spec("bak", "orders"))));
        Assert.Equal($"{SrcAt}table {db}.nope does not exist",
            await _syncer.CreateFailureAsync(Job("t", Src.Spec(db, "nope"), Dest.Spec("bak", "nope"))));
    }

    [Fact]
    public async Task A_view_cannot_be_table_synced()
    {
        var db = await SourceDatabaseAsync();
        await Src.ExecuteAsync($"CREATE VIEW `{db}`.`v_orders` AS SELECT id FROM `{db}`.`orders`");
        var error = await _syncer.CreateFailureAsync(Job("t", Src.Spec(db, "v_orders"), Dest.Spec("bak", "v_orders")));
        Assert.Equal($"{SrcAt}{db}.v_orders is a view; a table sync needs a table (sync views with a database job)", error);
    }

    [Fact]
    public async Task Existing_dest_table_is_refused_unless_allowed()
    {
        var db = await SourceDatabaseAsync();
        var destDb = MiniDorisCluster.UniqueName("bak");
        await Dest.CreateDatabaseAsync(destDb, binlog: false, ["orders"]);
        var error = await _syncer.CreateFailureAsync(Job("t", Src.Spec(db, "orders"), Dest.Spec(destDb, "orders")));
        Assert.Equal($"{DestAt}table {destDb}.orders already exists; drop it or create the job with \"allow_table_exists\": true", error);

        await _syncer.CreateAsync(Job("t", Src.Spec(db, "orders"), Dest.Spec(destDb, "orders"), allowTableExists: true));
        // allow_table_exists is a creation-time switch, not persisted (Go behaviour).
        var detail = (await _syncer.CallAsync("/job_detail", new { name = "t" })).GetProperty("job_detail").GetString()!;
        Assert.DoesNotContain("allow_table_exists", detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_database_or_table_cannot_be_replicated_onto_itself()
    {
        var db = await SourceDatabaseAsync(dbBinlog: true);
        // "localhost" for the destination: the FE list, not the address in the request, tells that it is the same cluster.
        var self = Src.Spec(db) with { Host = "localhost" };
        Assert.Equal($"dest cluster localhost:{Src.QueryPort}: database {db} is the source database itself; a database cannot be replicated onto itself",
            await _syncer.CreateFailureAsync(Job("loop", Src.Spec(db), self)));
        Assert.Equal($"dest cluster localhost:{Src.QueryPort}: table {db}.orders is the source table itself; a table cannot be replicated onto itself",
            await _syncer.CreateFailureAsync(Job("loop", Src.Spec(db, "orders"), self with { Table = "orders" }, allowTableExists: true)));
        // Another table of the same database is a legitimate target.
        await _syncer.CreateAsync(Job("copy", Src.Spec(db, "orders"), Src.Spec(db, "orders_copy")));
    }

    [Fact]
    public async Task A_password_is_used_against_the_cluster_but_never_shown_logged_or_stored_in_clear()
    {
        const string password = "Src-Secret-Pw-9";
        var user = MiniDorisCluster.UniqueName("ccr_user");
        await Src.ExecuteAsync($"CREATE USER '{user}' IDENTIFIED BY '{password}'", $"GRANT ADMIN_PRIV ON *.*.* TO '{user}'");
        var db = await SourceDatabaseAsync();
        await _syncer.CreateAsync(Job("pw_job", Src.Spec(db, "orders", user, password), Dest.Spec(MiniDorisCluster.UniqueName("bak"), "orders")));

        // The password works for Thrift too: getBinlogLag authenticates with it.
        await Src.ExecuteAsync($"INSERT INTO `{db}`.`orders` VALUES (1, 10)");
        // (The engine may already have applied it: the answer, not its value, is what proves the login.)
        var lag = await _syncer.CallAsync("/get_lag", new { name = "pw_job" });
        Assert.True(lag.GetProperty("success").GetBoolean(), lag.GetRawText());

        var detail = (await _syncer.CallAsync("/job_detail", new { name = "pw_job" })).GetProperty("job_detail").GetString()!;
        Assert.DoesNotContain(password, detail, StringComparison.Ordinal);
        using (var info = JsonDocument.Parse(detail))
        {
            Assert.Equal("******", info.RootElement.GetProperty("src").GetProperty("password").GetString());
            Assert.Equal(user, info.RootElement.GetProperty("src").GetProperty("user").GetString());
        }
        Assert.Equal(password, (await Store.GetJobAsync("pw_job", CancellationToken.None))!.Info.Src.Password);
        Assert.Contains("job=pw_job", _syncer.Log.Text, StringComparison.Ordinal);
        Assert.DoesNotContain(password, _syncer.Log.Text, StringComparison.Ordinal);
        Assert.False(ContainsInAnyFile(Path.GetDirectoryName(_syncer.Options.DbDir)!, password), "the password is stored in clear");
    }

    [Fact]
    public async Task A_wrong_password_names_the_cluster_and_is_never_echoed()
    {
        var db = await SourceDatabaseAsync();
        var error = await _syncer.CreateFailureAsync(Job("t", Src.Spec(db, "orders", password: "wrong-secret-1"), Dest.Spec("bak", "orders")));
        Assert.StartsWith($"{SrcAt}cannot connect to FE {Src.Address} as root: ", error, StringComparison.Ordinal);
        Assert.Contains("Access denied for user 'root'", error, StringComparison.Ordinal);
        Assert.DoesNotContain("wrong-secret-1", error, StringComparison.Ordinal);
        Assert.DoesNotContain("wrong-secret-1", _syncer.Log.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unicode_names_are_created_and_resolved()
    {
        var db = MiniDorisCluster.UniqueName("库_ü-db");
        const string table = "表-订单_ß";
        var destDb = MiniDorisCluster.UniqueName("目标-库");
        await Src.CreateDatabaseAsync(db, binlog: false, [table]);
        await _syncer.CreateAsync(Job("ünïcode `job` 'ø'", Src.Spec(db, table), Dest.Spec(destDb, table)));
        Assert.True(await Dest.DatabaseExistsAsync(destDb));
        var stored = (await Store.GetJobAsync("ünïcode `job` 'ø'", CancellationToken.None))!;
        Assert.Equal(await Src.TableIdAsync(db, table), stored.Info.Src.TableId);
        var listed = await _syncer.CallAsync("/list_jobs", new { });
        Assert.Equal("ünïcode `job` 'ø'", Assert.Single(listed.GetProperty("jobs").EnumerateArray()).GetString());
    }

    [Fact]
    public async Task Backquotes_quotes_and_like_wildcards_reach_doris_as_literal_names()
    {
        var db = await SourceDatabaseAsync();
        // Doris names cannot hold quotes or backquotes; asked for, they are looked up literally (no SQL error, no injection)
        // and Doris itself refuses to create them, naming exactly what it received.
        Assert.Equal($"{SrcAt}database it's`{db} does not exist",
            await _syncer.CreateFailureAsync(Job("t", Src.Spec($"it's`{db}", "orders"), Dest.Spec("bak", "orders"))));
        Assert.Equal($"{SrcAt}table {db}.o`rders' does not exist",
            await _syncer.CreateFailureAsync(Job("t", Src.Spec(db, "o`rders'"), Dest.Spec("bak", "o`rders'"))));
        var createFailed = await _syncer.CreateFailureAsync(Job("t", Src.Spec(db, "orders"), Dest.Spec("x`y'z", "orders")));
        Assert.StartsWith($"{DestAt}create the database failed: ", createFailed, StringComparison.Ordinal);
        Assert.Contains("Incorrect database name 'x`y'z'", createFailed, StringComparison.Ordinal);
        // "_" and "%" are LIKE wildcards: escaped, "shop_N" must not find "shopXN" and "ord%" must not find "orders".
        Assert.Equal($"{SrcAt}database {db.Replace('_', '%')} does not exist",
            await _syncer.CreateFailureAsync(Job("t", Src.Spec(db.Replace('_', '%'), "orders"), Dest.Spec("bak", "orders"))));
        Assert.Equal($"{SrcAt}table {db}.ord% does not exist",
            await _syncer.CreateFailureAsync(Job("t", Src.Spec(db, "ord%"), Dest.Spec("bak", "ord%"))));
    }

    [Fact]
    public async Task A_refused_connection_is_reported_for_the_right_cluster()
    {
        var db = await SourceDatabaseAsync();
        var closed = TestPorts.GetFree();
        var error = await _syncer.CreateFailureAsync(Job("t", Src.Spec(db, "orders"), Dest.Spec("bak", "orders") with { Port = $"{closed}" }));
        Assert.StartsWith($"dest cluster 127.0.0.1:{closed}: cannot connect to FE 127.0.0.1:{closed} as root: ", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unresponsive_clusters_fail_within_the_connect_timeout()
    {
        await using var silentSrc = new SilentTcpServer();
        await using var silentDest = new SilentTcpServer();
        var watch = Stopwatch.StartNew();
        var error = await _syncer.CreateFailureAsync(Job("t", Src.Spec("demo", "orders") with { Port = $"{silentSrc.Port}" },
            Dest.Spec("bak", "orders") with { Port = $"{silentDest.Port}" }));
        watch.Stop();
        // -connect_timeout=2s in the test syncer: the timeout, not a refusal, ended the attempt (a lower bound holds under any load).
        Assert.Equal($"src cluster 127.0.0.1:{silentSrc.Port}: cannot connect to FE 127.0.0.1:{silentSrc.Port}: no answer within 2s (-connect_timeout)", error);
        Assert.True(watch.Elapsed >= TimeSpan.FromSeconds(1.5), $"answered after {watch.Elapsed}, before the connect timeout");
        // Both clusters are tried at once, so one timeout bounds the whole request: each server had its connection
        // before the other's attempt gave up. Sequential attempts would connect the second only after the first hung up.
        using var hangUps = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var (srcAccepted, destAccepted) = (await silentSrc.FirstAccept.WaitAsync(hangUps.Token), await silentDest.FirstAccept.WaitAsync(hangUps.Token));
        var (srcHungUp, destHungUp) = (await silentSrc.FirstHangUp.WaitAsync(hangUps.Token), await silentDest.FirstHangUp.WaitAsync(hangUps.Token));
        Assert.True(destAccepted < srcHungUp && srcAccepted < destHungUp,
            $"accepted src #{srcAccepted} dest #{destAccepted}, hung up src #{srcHungUp} dest #{destHungUp}: the attempts did not overlap");
    }

    [Fact]
    public async Task Get_lag_is_the_source_fe_count_of_binlogs_after_the_job_position()
    {
        var db = await SourceDatabaseAsync();
        await _syncer.CreateAsync(Job("lagging", Src.Spec(db, "orders"), Dest.Spec(MiniDorisCluster.UniqueName("bak"), "orders")));
        // Once the full sync is done the job is paused, so the loads below stay pending.
        await Eventually.UntilAsync(async () => (await _syncer.CallAsync("/job_status", new { name = "lagging" })).GetProperty("status")
            .GetProperty("progress_state").GetString() == "TableIncrementalSync", TimeSpan.FromSeconds(60), "the full sync");
        await _syncer.CallAsync("/pause", new { name = "lagging" });
        Assert.Equal(0, (await _syncer.CallAsync("/get_lag", new { name = "lagging" })).GetProperty("lag").GetInt64());

        var before = DateTimeOffset.UtcNow;
        await Src.ExecuteAsync($"INSERT INTO `{db}`.`orders` VALUES (1, 10)");
        Assert.Equal(1, (await _syncer.CallAsync("/get_lag", new { name = "lagging" })).GetProperty("lag").GetInt64());
        await Src.ExecuteAsync($"INSERT INTO `{db}`.`orders` VALUES (2, 20), (3, 30)");
        var lag = await _syncer.CallAsync("/get_lag", new { name = "lagging" });
        Assert.Equal(2, lag.GetProperty("lag").GetInt64());
        // The age of the oldest pending binlog: committed after `before`, so at most the time since then.
        Assert.InRange(lag.GetProperty("lag_seconds").GetDouble(), 0, (DateTimeOffset.UtcNow - before).TotalSeconds + 1);
        Assert.Contains("ccr_job_lag{job=\"lagging\"} 2\n", await _syncer.Http.GetStringAsync("/metrics"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Desync_clears_is_being_synced_on_the_dest_table()
    {
        var db = await SourceDatabaseAsync();
        var destDb = MiniDorisCluster.UniqueName("bak");
        await Dest.ExecuteAsync($"CREATE DATABASE `{destDb}`");
        await Dest.CreateTableAsync(destDb, "orders", "\"is_being_synced\" = \"true\"");
        await _syncer.CreateAsync(Job("t", Src.Spec(db, "orders"), Dest.Spec(destDb, "orders"), allowTableExists: true));

        Assert.Contains("\"is_being_synced\" = \"true\"", await Dest.ShowCreateTableAsync(destDb, "orders"), StringComparison.Ordinal);
        Assert.Equal("{\"success\":true}", (await _syncer.CallAsync("/desync", new { name = "t" })).GetRawText());
        Assert.Contains("\"is_being_synced\" = \"false\"", await Dest.ShowCreateTableAsync(destDb, "orders"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Desync_of_a_db_job_clears_every_dest_table_and_skips_views()
    {
        var db = await SourceDatabaseAsync(dbBinlog: true);
        var destDb = MiniDorisCluster.UniqueName("bak");
        await Dest.ExecuteAsync($"CREATE DATABASE `{destDb}`");
        await Dest.CreateTableAsync(destDb, "a", "\"is_being_synced\" = \"true\"");
        await Dest.CreateTableAsync(destDb, "b", "\"is_being_synced\" = \"true\"");
        await Dest.ExecuteAsync($"CREATE VIEW `{destDb}`.`v` AS SELECT id FROM `{destDb}`.`a`");
        await _syncer.CreateAsync(Job("d", Src.Spec(db), Dest.Spec(destDb)));

        Assert.Equal("{\"success\":true}", (await _syncer.CallAsync("/desync", new { name = "d" })).GetRawText());
        Assert.Contains("\"is_being_synced\" = \"false\"", await Dest.ShowCreateTableAsync(destDb, "a"), StringComparison.Ordinal);
        Assert.Contains("\"is_being_synced\" = \"false\"", await Dest.ShowCreateTableAsync(destDb, "b"), StringComparison.Ordinal);
    }

    private static bool ContainsInAnyFile(string directory, string text)
    {
        var needle = System.Text.Encoding.UTF8.GetBytes(text);
        // The store's .lock file holds only the owner's pid, and the running syncer's exclusive lock keeps .NET readers out.
        return Directory.EnumerateFiles(directory).Where(f => !f.EndsWith(".lock", StringComparison.Ordinal))
            .Any(f => File.ReadAllBytes(f).AsSpan().IndexOf(needle) >= 0);
    }
}
