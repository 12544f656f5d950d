using System.Globalization;
using System.Net.Http.Json;
using Syncer.TestSupport;
using Syncer.Tests.Store;
using Syncer.Tests.Support;

namespace Syncer.Tests.Process;

/// <summary>
/// start_syncer.sh with the MySQL store on a real MariaDB, creating a job against real minidoris clusters: the store
/// password reaches the process but neither its command line nor its log, and the job is stored with its cluster
/// password encrypted.
/// </summary>
[Collection(MariaDbCollection.Name)]
[Trait("Category", "EndToEnd")]
public sealed class MySqlStoreScriptTests(MariaDbServer server, MiniDorisPair doris) : IClassFixture<MiniDorisPair>, IDisposable
{
    private readonly SyncerInstall _install = new();

    public void Dispose() => _install.Dispose();

    [Fact]
    public async Task Db_password_stays_out_of_ps_and_the_log_and_jobs_are_stored_encrypted()
    {
        const string clusterPassword = "Cluster-Pw-For-MySql-Store";
        var user = MiniDorisCluster.UniqueName("mysql_store_user");
        await doris.Src.ExecuteAsync($"CREATE USER '{user}' IDENTIFIED BY '{clusterPassword}'", $"GRANT ADMIN_PRIV ON *.*.* TO '{user}'");
        var db = MiniDorisCluster.UniqueName("mysql_store_db");
        await doris.Src.CreateDatabaseAsync(db, binlog: true, ["orders"]);
        await server.ExecuteAsRootAsync("DROP DATABASE IF EXISTS ccr");
        var port = TestPorts.GetFree();
        var pidDir = Path.Combine(_install.Home, "run");
        var started = await _install.RunScriptAsync("start_syncer.sh",
        [
            "--daemon", $"--port={port}", $"--pid_dir={pidDir}", "--db_type", "mysql", "--db_host", server.Host,
            "--db_port", server.Port.ToString(CultureInfo.InvariantCulture), "--db_user", MariaDbServer.User, "--db_password", MariaDbServer.Password,
            "--", "-bind_address=127.0.0.1",
        ]);
        Assert.True(started.Succeeded, started.ToString());
        var pid = int.Parse((await File.ReadAllTextAsync(Path.Combine(pidDir, $"127.0.0.1_{port}.pid"))).Trim(), CultureInfo.InvariantCulture);
        try
        {
            var commandLine = (await File.ReadAllTextAsync($"/proc/{pid}/cmdline")).Replace('\0', ' ');
            Assert.Contains("-db_type=mysql", commandLine, StringComparison.Ordinal);
            Assert.DoesNotContain(MariaDbServer.Password, commandLine, StringComparison.Ordinal);
            Assert.Contains($"127.0.0.1:{port}", await server.ExecuteAsRootAsync("SELECT host_info FROM ccr.syncers"), StringComparison.Ordinal);

            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/") };
            var job = new { name = "stored_in_mysql", src = doris.Src.Spec(db, "", user, clusterPassword), dest = doris.Dest.Spec(MiniDorisCluster.UniqueName("bak")) };
            using var created = await http.PostAsJsonAsync("/create_ccr", job);
            Assert.Equal("{\"success\":true}", await created.Content.ReadAsStringAsync());
            var row = await server.ExecuteAsRootAsync("SELECT belong_to, job_info FROM ccr.jobs WHERE job_name = 'stored_in_mysql'");
            Assert.Contains($"127.0.0.1:{port}", row, StringComparison.Ordinal);
            Assert.Contains($"\"db_id\":{await doris.Src.DatabaseIdAsync(db)}", row, StringComparison.Ordinal);
            Assert.Contains("\"password\":\"enc:v1:", row, StringComparison.Ordinal);
            Assert.DoesNotContain(clusterPassword, row, StringComparison.Ordinal);
            // A database job: its state is one of the database states (the engine may be past the full sync already).
            Assert.Matches("\"progress_state\":\\s*\"DB(FullSync|TablesIncrementalSync|IncrementalSync)\"",
                (await http.GetFromJsonAsync<System.Text.Json.JsonElement>("/job_status?name=stored_in_mysql")).ToString());
        }
        finally
        {
            var stopped = await _install.RunScriptAsync("stop_syncer.sh", [$"--pid_dir={pidDir}"]);
            Assert.True(stopped.Succeeded, stopped.ToString());
        }
        var log = await File.ReadAllTextAsync(Path.Combine(_install.Home, "log", $"127.0.0.1_{port}.log"));
        Assert.Contains("job store mysql 127.0.0.1:", log, StringComparison.Ordinal);
        Assert.DoesNotContain(MariaDbServer.Password, log, StringComparison.Ordinal);
        Assert.DoesNotContain(clusterPassword, log, StringComparison.Ordinal);
        Assert.Contains("job=stored_in_mysql", log, StringComparison.Ordinal);
    }
}
