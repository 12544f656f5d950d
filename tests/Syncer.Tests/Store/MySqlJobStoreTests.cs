using System.Security.Cryptography;
using System.Text;
using Syncer.Jobs;
using Syncer.Store;
using Syncer.TestSupport;
using Syncer.Tests.Support;

namespace Syncer.Tests.Store;

/// <summary>The MySQL job store against a real MariaDB server; raw rows are read with the real mariadb client.</summary>
[Collection(MariaDbCollection.Name)]
public sealed class MySqlJobStoreTests(MariaDbServer server) : IAsyncLifetime
{
    private readonly PasswordCipher _cipher = new(RandomNumberGenerator.GetBytes(32));

    public Task InitializeAsync() => server.ExecuteAsRootAsync("DROP DATABASE IF EXISTS ccr");

    public Task DisposeAsync() => Task.CompletedTask;

    private MySqlJobStore Create(PasswordCipher? cipher = null) =>
        new(new MySqlStoreOptions(server.Host, server.Port, MariaDbServer.User, MariaDbServer.Password), cipher ?? _cipher, TimeProvider.System);

    private async Task<MySqlJobStore> OpenAsync(PasswordCipher? cipher = null)
    {
        var store = Create(cipher);
        await store.MigrateAsync(CancellationToken.None);
        return store;
    }

    [Fact]
    public async Task Creates_database_ccr_and_migrates_once_even_when_instances_start_together()
    {
        await using var a = Create();
        await using var b = Create();
        await Task.WhenAll(a.MigrateAsync(CancellationToken.None), b.MigrateAsync(CancellationToken.None));
        Assert.Equal(2, await a.GetSchemaVersionAsync(CancellationToken.None));
        Assert.Equal("1\n2\n", await server.ExecuteAsRootAsync("SELECT version FROM ccr.schema_migrations ORDER BY version"));
        var columns = await server.ExecuteAsRootAsync(
            "SELECT column_name FROM information_schema.columns WHERE table_schema='ccr' AND table_name='jobs' ORDER BY ordinal_position");
        Assert.Equal("job_name\njob_info\nbelong_to\nowner_epoch\n", columns);
    }

    [Fact]
    public async Task Jobs_round_trip_and_passwords_are_encrypted_in_the_table()
    {
        await using var store = await OpenAsync();
        await store.AddJobAsync(JobSamples.Table("j1"), "h:1", "{\"job_name\":\"j1\"}", CancellationToken.None);
        var job = await store.GetJobAsync("j1", CancellationToken.None);
        Assert.Equal(("h:1", 1L, "src-secret-pw", "dest-secret-pw"), (job!.Owner, job.OwnerEpoch, job.Info.Src.Password, job.Info.Dest.Password));
        Assert.Equal(JobSamples.Table("j1").Src.Frontends, job.Info.Src.Frontends);
        Assert.Equal("{\"job_name\":\"j1\"}", await store.GetProgressAsync("j1", CancellationToken.None));
        var raw = await server.ExecuteAsRootAsync("SELECT job_info FROM ccr.jobs");
        Assert.DoesNotContain("secret-pw", raw, StringComparison.Ordinal);
        Assert.Contains("enc:v1:", raw, StringComparison.Ordinal);
        await store.PingAsync(CancellationToken.None);
    }

    [Fact]
    public async Task Duplicate_names_are_refused()
    {
        await using var store = await OpenAsync();
        await store.AddJobAsync(JobSamples.Table("dup"), "h:1", null, CancellationToken.None);
        var error = await Assert.ThrowsAsync<JobAlreadyExistsException>(() => store.AddJobAsync(JobSamples.Table("dup"), "h:2", null, CancellationToken.None));
        Assert.Equal("job dup already exist", error.Message);
        Assert.Equal("h:1", (await store.GetJobAsync("dup", CancellationToken.None))!.Owner);
    }

    [Fact]
    public async Task Names_with_quotes_backquotes_backslashes_and_unicode_are_stored_verbatim()
    {
        await using var store = await OpenAsync();
        string[] names = ["it's", "a`b", "c\\d", "库存同步", "x'); DROP TABLE jobs; --", "@name", "Case", "case"];
        foreach (var name in names) await store.AddJobAsync(JobSamples.Table(name), "h:1", "{\"n\":\"" + name.Replace("\\", "\\\\", StringComparison.Ordinal) + "\"}", CancellationToken.None);
        Assert.Equal(names.Order(StringComparer.Ordinal), (await store.ListJobsAsync(CancellationToken.None)).Select(j => j.Name).Order(StringComparer.Ordinal));
        foreach (var name in names) Assert.Equal(name, (await store.GetJobAsync(name, CancellationToken.None))!.Name);
    }

    [Fact]
    public async Task Writes_are_fenced_by_owner_and_epoch()
    {
        await using var store = await OpenAsync();
        var job = JobSamples.Table("f");
        await store.AddJobAsync(job, "a:1", null, CancellationToken.None);
        Assert.True(await store.UpdateJobInfoAsync(job, "a:1", 1, CancellationToken.None));
        Assert.True(await store.UpdateJobInfoAsync(job, "a:1", 1, CancellationToken.None));
        Assert.Equal(2, await store.TransferJobAsync("f", "b:2", 1, CancellationToken.None));
        Assert.Null(await store.TransferJobAsync("f", "c:3", 1, CancellationToken.None));
        Assert.False(await store.UpdateJobInfoAsync(job with { SkipError = true }, "a:1", 1, CancellationToken.None));
        Assert.False(await store.SaveProgressAsync("f", "{\"stale\":1}", "a:1", 1, CancellationToken.None));
        Assert.True(await store.SaveProgressAsync("f", "{\"v\":1}", "b:2", 2, CancellationToken.None));
        Assert.True(await store.SaveProgressAsync("f", "{\"v\":2}", "b:2", 2, CancellationToken.None));
        Assert.True(await store.UpdateJobInfoAsync(job with { State = JobState.Paused }, "b:2", 2, CancellationToken.None));
        var now = await store.GetJobAsync("f", CancellationToken.None);
        Assert.Equal(("b:2", 2L, false, JobState.Paused), (now!.Owner, now.OwnerEpoch, now.Info.SkipError, now.Info.State));
        Assert.Equal("{\"v\":2}", await store.GetProgressAsync("f", CancellationToken.None));
    }

    [Fact]
    public async Task Delete_removes_job_and_progress()
    {
        await using var store = await OpenAsync();
        await store.AddJobAsync(JobSamples.Table("d"), "a:1", "{}", CancellationToken.None);
        Assert.True(await store.DeleteJobAsync("d", CancellationToken.None));
        Assert.False(await store.DeleteJobAsync("d", CancellationToken.None));
        Assert.Null(await store.GetJobAsync("d", CancellationToken.None));
        Assert.Null(await store.GetProgressAsync("d", CancellationToken.None));
    }

    [Fact]
    public async Task Heartbeats_are_upserted()
    {
        await using var store = await OpenAsync();
        var t = new DateTimeOffset(2024, 10, 24, 12, 0, 0, TimeSpan.Zero);
        await store.HeartbeatAsync(new SyncerRecord("a:1", t, t.AddSeconds(12)), CancellationToken.None);
        await store.HeartbeatAsync(new SyncerRecord("a:1", t.AddSeconds(5), t.AddSeconds(17)), CancellationToken.None);
        Assert.Equal(new SyncerRecord("a:1", t.AddSeconds(5), t.AddSeconds(17)), Assert.Single(await store.ListSyncersAsync(CancellationToken.None)));
        Assert.True(await store.RemoveSyncerAsync("a:1", CancellationToken.None));
        Assert.Empty(await store.ListSyncersAsync(CancellationToken.None));
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
            _cipher, TimeProvider.System);
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
