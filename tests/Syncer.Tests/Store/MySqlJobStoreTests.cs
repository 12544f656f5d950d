using System.Text;
using Syncer.Jobs;
using Syncer.Store;
using Syncer.TestSupport;
using Syncer.Tests.Support;

namespace Syncer.Tests.Store;

/// <summary>
/// The MySQL job store against a real MariaDB server: the store contract plus concurrent migrations, Go store adoption,
/// an unreachable server and the service on it; raw rows are read with the real mariadb client.
/// </summary>
[Collection(MariaDbCollection.Name)]
[Trait("Category", "EndToEnd")]
public sealed class MySqlJobStoreTests(MariaDbServer server) : JobStoreContractTests, IAsyncLifetime
{
    public Task InitializeAsync() => server.ExecuteAsRootAsync("DROP DATABASE IF EXISTS ccr");

    public Task DisposeAsync() => Task.CompletedTask;

    private MySqlJobStore Create(PasswordCipher? cipher = null) =>
        new(new MySqlStoreOptions(server.Host, server.Port, MariaDbServer.User, MariaDbServer.Password), cipher ?? Cipher, TimeProvider.System);

    protected override async Task<IJobStore> OpenAsync(PasswordCipher? cipher = null)
    {
        var store = Create(cipher);
        await store.MigrateAsync(CancellationToken.None);
        return store;
    }

    protected override async Task<string> ReadRawJobInfoAsync(string name) =>
        await server.ExecuteAsRootAsync($"SELECT job_info FROM ccr.jobs WHERE job_name = '{name.Replace("'", "''", StringComparison.Ordinal)}'");

    protected override async Task<long> ReadRawHeartbeatAsync(string instance) =>
        long.Parse((await server.ExecuteAsRootAsync($"SELECT timestamp FROM ccr.syncers WHERE host_info = '{instance}'")).Trim(),
            System.Globalization.CultureInfo.InvariantCulture);

    [Fact]
    public async Task Creates_database_ccr_and_migrates_once_even_when_instances_start_together()
    {
        await using var a = Create();
        await using var b = Create();
        await Task.WhenAll(a.MigrateAsync(CancellationToken.None), b.MigrateAsync(CancellationToken.None));
        Assert.Equal(3, await a.GetSchemaVersionAsync(CancellationToken.None));
        Assert.Equal("1\n2\n3\n", await server.ExecuteAsRootAsync("SELECT version FROM ccr.schema_migrations ORDER BY version"));
        var columns = await server.ExecuteAsRootAsync(
            "SELECT column_name FROM information_schema.columns WHERE table_schema='ccr' AND table_name='jobs' ORDER BY ordinal_position");
        Assert.Equal("job_name\njob_info\nbelong_to\nowner_epoch\n", columns);
    }

    [Fact]
    public async Task Adopts_a_go_syncer_store_with_base64_progress_and_plaintext_passwords()
    {
        var progress = Convert.ToBase64String(Encoding.UTF8.GetBytes("{\"job_name\":\"legacy\",\"sync_state\":3}"));
        await server.ExecuteAsRootAsync($$"""
            CREATE DATABASE ccr;
            CREATE TABLE ccr.jobs (job_name VARCHAR(512) PRIMARY KEY, job_info TEXT, belong_to VARCHAR(96));
            CREATE TABLE ccr.progresses (job_name VARCHAR(512) PRIMARY KEY, progress LONGTEXT);
            CREATE TABLE ccr.syncers (host_info VARCHAR(96) PRIMARY KEY, timestamp BIGINT);
            INSERT INTO ccr.jobs VALUES ('legacy', '{"sync_type":0,"name":"legacy","src":{"host":"h","port":"9030","thrift_port":"9020","frontends":null,"user":"root","password":"go-plain-pw","database":"d","db_id":1,"table":"","table_id":0},"dest":{"host":"h2","port":"9030","thrift_port":"9020","frontends":null,"user":"root","password":"","database":"d","db_id":3,"table":"","table_id":0},"skip_error":true,"state":0}', '127.0.0.1:9190');
            INSERT INTO ccr.progresses VALUES ('legacy', '{{progress}}');
            """);
        await using var store = await OpenAsync();
        var job = await store.GetJobAsync("legacy", CancellationToken.None);
        Assert.Equal(("127.0.0.1:9190", 0L, true, "go-plain-pw"), (job!.Owner, job.OwnerEpoch, job.Info.SkipError, job.Info.Src.Password));
        Assert.Equal("{\"job_name\":\"legacy\",\"sync_state\":3}", await store.GetProgressAsync("legacy", CancellationToken.None));
        Assert.DoesNotContain("go-plain-pw", await server.ExecuteAsRootAsync("SELECT job_info FROM ccr.jobs"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unreachable_server_is_a_clear_store_error()
    {
        await using var store = new MySqlJobStore(new MySqlStoreOptions("127.0.0.1", TestPorts.GetFree(), "root", "pw") { ConnectTimeout = TimeSpan.FromSeconds(2) },
            Cipher, TimeProvider.System);
        var error = await Assert.ThrowsAsync<StoreException>(() => store.MigrateAsync(CancellationToken.None));
        Assert.StartsWith("mysql 127.0.0.1:", error.Message, StringComparison.Ordinal);
        Assert.Contains("cannot create database ccr", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_service_runs_on_the_mysql_store()
    {
        await using var syncer = await RunningSyncer.StartAsync(configure: o =>
        {
            o.DbType = Syncer.Configuration.StoreKind.MySql;
            o.DbHost = server.Host;
            o.DbPort = server.Port;
            o.DbUser = MariaDbServer.User;
            o.DbPassword = MariaDbServer.Password;
        });
        var store = syncer.Service.Get<IJobStore>();
        Assert.StartsWith("mysql ", store.Description, StringComparison.Ordinal);
        await store.AddJobAsync(JobSamples.Table("via_api"), syncer.Options.Identity, null, CancellationToken.None);
        var paused = await syncer.CallAsync("/pause", new { name = "via_api" });
        Assert.True(paused.GetProperty("success").GetBoolean(), paused.ToString());
        Assert.Contains("\"state\":1", await server.ExecuteAsRootAsync("SELECT job_info FROM ccr.jobs WHERE job_name = 'via_api'"), StringComparison.Ordinal);
        Assert.Contains(syncer.Options.Identity, await server.ExecuteAsRootAsync("SELECT host_info FROM ccr.syncers"), StringComparison.Ordinal);
        Assert.DoesNotContain(MariaDbServer.Password, syncer.Log.Text, StringComparison.Ordinal);
    }
}
