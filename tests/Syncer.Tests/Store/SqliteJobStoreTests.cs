using System.Security.Cryptography;
using System.Text;
using Microsoft.Data.Sqlite;
using Syncer.Jobs;
using Syncer.Store;
using Syncer.Tests.Support;

namespace Syncer.Tests.Store;

public sealed class SqliteJobStoreTests : IDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly PasswordCipher _cipher = new(RandomNumberGenerator.GetBytes(32));

    private async Task<SqliteJobStore> OpenAsync(PasswordCipher? cipher = null)
    {
        var store = new SqliteJobStore(_dir.File("ccr.db"), cipher ?? _cipher, TimeProvider.System);
        await store.MigrateAsync(CancellationToken.None);
        return store;
    }

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Migrates_to_the_latest_version_once()
    {
        await using var store = await OpenAsync();
        Assert.Equal(SqliteJobStore.Migrations[^1].Version, await store.GetSchemaVersionAsync(CancellationToken.None));
        await store.MigrateAsync(CancellationToken.None);
        await using var again = await OpenAsync();
        Assert.Equal(SqliteJobStore.Migrations[^1].Version, await again.GetSchemaVersionAsync(CancellationToken.None));
    }

    [Fact]
    public async Task Refuses_a_schema_newer_than_it_knows()
    {
        await using (var store = await OpenAsync())
        {
            await ExecuteRawAsync("INSERT INTO schema_migrations (version, description, applied_at) VALUES (99, 'future', 0)");
        }
        await using var reopened = new SqliteJobStore(_dir.File("ccr.db"), _cipher, TimeProvider.System);
        var error = await Assert.ThrowsAsync<StoreException>(() => reopened.MigrateAsync(CancellationToken.None));
        Assert.Contains("schema version 99 is newer than this ccr_syncer supports", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Jobs_round_trip_with_owner_and_epoch()
    {
        await using var store = await OpenAsync();
        var job = JobSamples.Table("j1");
        await store.AddJobAsync(job, "127.0.0.1:9190", "{\"job_name\":\"j1\"}", CancellationToken.None);
        var read = await store.GetJobAsync("j1", CancellationToken.None);
        Assert.NotNull(read);
        Assert.Equal("127.0.0.1:9190", read.Owner);
        Assert.Equal(1, read.OwnerEpoch);
        Assert.Equal(job.Src, read.Info.Src with { Frontends = job.Src.Frontends });
        Assert.Equal(job.Src.Frontends, read.Info.Src.Frontends);
        Assert.Equal("src-secret-pw", read.Info.Src.Password);
        Assert.Equal("dest-secret-pw", read.Info.Dest.Password);
        Assert.Equal("{\"job_name\":\"j1\"}", await store.GetProgressAsync("j1", CancellationToken.None));
        Assert.Null(await store.GetJobAsync("nope", CancellationToken.None));
    }

    [Fact]
    public async Task Duplicate_names_are_refused_and_the_first_job_is_kept()
    {
        await using var store = await OpenAsync();
        await store.AddJobAsync(JobSamples.Table("dup"), "a:1", null, CancellationToken.None);
        var error = await Assert.ThrowsAsync<JobAlreadyExistsException>(() =>
            store.AddJobAsync(JobSamples.Table("dup", srcPassword: "other"), "b:2", null, CancellationToken.None));
        Assert.Equal("job dup already exist", error.Message);
        var kept = await store.GetJobAsync("dup", CancellationToken.None);
        Assert.Equal("a:1", kept!.Owner);
        Assert.Equal("src-secret-pw", kept.Info.Src.Password);
    }

    [Fact]
    public async Task Passwords_are_encrypted_at_rest()
    {
        await using (var store = await OpenAsync())
        {
            await store.AddJobAsync(JobSamples.Table("enc"), "a:1", null, CancellationToken.None);
            var stored = await ReadRawJobInfoAsync("enc");
            Assert.DoesNotContain("src-secret-pw", stored, StringComparison.Ordinal);
            Assert.Contains("\"password\":\"enc:v1:", stored, StringComparison.Ordinal);
        }
        SqliteConnection.ClearAllPools();
        foreach (var file in Directory.GetFiles(_dir.Path, "ccr.db*"))
        {
            var bytes = await File.ReadAllBytesAsync(file);
            Assert.DoesNotContain("src-secret-pw", Encoding.UTF8.GetString(bytes), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_different_key_cannot_read_passwords_and_says_so()
    {
        await using (var store = await OpenAsync())
        {
            await store.AddJobAsync(JobSamples.Table("k"), "a:1", null, CancellationToken.None);
        }
        await using var other = await OpenAsync(new PasswordCipher(RandomNumberGenerator.GetBytes(32)));
        var error = await Assert.ThrowsAsync<StoreException>(() => other.GetJobAsync("k", CancellationToken.None));
        Assert.Contains("key file does not match", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Updates_are_fenced_by_owner_and_epoch()
    {
        await using var store = await OpenAsync();
        var job = JobSamples.Table("f");
        await store.AddJobAsync(job, "a:1", null, CancellationToken.None);
        Assert.True(await store.UpdateJobInfoAsync(job with { State = JobState.Paused }, "a:1", 1, CancellationToken.None));
        Assert.Equal(JobState.Paused, (await store.GetJobAsync("f", CancellationToken.None))!.Info.State);

        Assert.Equal(2, await store.TransferJobAsync("f", "b:2", 1, CancellationToken.None));
        Assert.Null(await store.TransferJobAsync("f", "c:3", 1, CancellationToken.None));
        Assert.False(await store.UpdateJobInfoAsync(job with { SkipError = true }, "a:1", 1, CancellationToken.None));
        Assert.False(await store.SaveProgressAsync("f", "{\"stale\":true}", "a:1", 1, CancellationToken.None));
        Assert.True(await store.SaveProgressAsync("f", "{\"fresh\":true}", "b:2", 2, CancellationToken.None));
        Assert.True(await store.SaveProgressAsync("f", "{\"fresher\":true}", "b:2", 2, CancellationToken.None));
        var now = await store.GetJobAsync("f", CancellationToken.None);
        Assert.Equal(("b:2", 2L, false), (now!.Owner, now.OwnerEpoch, now.Info.SkipError));
        Assert.Equal("{\"fresher\":true}", await store.GetProgressAsync("f", CancellationToken.None));
    }

    [Fact]
    public async Task Delete_removes_job_and_progress_together()
    {
        await using var store = await OpenAsync();
        await store.AddJobAsync(JobSamples.Table("d"), "a:1", "{}", CancellationToken.None);
        Assert.True(await store.DeleteJobAsync("d", CancellationToken.None));
        Assert.Null(await store.GetJobAsync("d", CancellationToken.None));
        Assert.Null(await store.GetProgressAsync("d", CancellationToken.None));
        Assert.False(await store.DeleteJobAsync("d", CancellationToken.None));
    }

    [Fact]
    public async Task Names_with_quotes_backquotes_and_unicode_are_stored_verbatim()
    {
        await using var store = await OpenAsync();
        string[] names = ["it's", "a`b", "库存同步", "x\"; DROP TABLE jobs; --"];
        foreach (var name in names) await store.AddJobAsync(JobSamples.Table(name), "a:1", null, CancellationToken.None);
        var listed = (await store.ListJobsAsync(CancellationToken.None)).Select(j => j.Name).ToList();
        Assert.Equal(names.Order(StringComparer.Ordinal), listed);
    }

    [Fact]
    public async Task Heartbeats_are_upserted_in_unix_nanoseconds()
    {
        await using var store = await OpenAsync();
        var t = new DateTimeOffset(2024, 10, 24, 12, 0, 0, TimeSpan.Zero);
        await store.HeartbeatAsync(new SyncerRecord("a:1", t, t.AddSeconds(12)), CancellationToken.None);
        await store.HeartbeatAsync(new SyncerRecord("a:1", t.AddSeconds(5), t.AddSeconds(17)), CancellationToken.None);
        var syncer = Assert.Single(await store.ListSyncersAsync(CancellationToken.None));
        Assert.Equal(new SyncerRecord("a:1", t.AddSeconds(5), t.AddSeconds(17)), syncer);
        Assert.Equal(UnixNanoseconds.From(t.AddSeconds(5)), await ScalarRawAsync("SELECT timestamp FROM syncers"));
        Assert.True(await store.RemoveSyncerAsync("a:1", CancellationToken.None));
        Assert.Empty(await store.ListSyncersAsync(CancellationToken.None));
    }

    [Fact]
    public async Task Adopts_a_go_syncer_database_and_encrypts_its_plaintext_passwords()
    {
        // The Go syncer's schema and a row as it writes it: plaintext password, no epoch column, no migrations table.
        await ExecuteRawAsync(
            "CREATE TABLE jobs (job_name TEXT PRIMARY KEY, job_info TEXT, belong_to TEXT)",
            "CREATE TABLE progresses (job_name TEXT PRIMARY KEY, progress TEXT)",
            "CREATE TABLE syncers (host_info TEXT PRIMARY KEY, timestamp INTEGER)",
            """INSERT INTO jobs VALUES ('legacy', '{"sync_type":1,"name":"legacy","src":{"host":"h","port":"9030","thrift_port":"9020","is_master":false,"frontends":null,"user":"root","password":"go-plain-pw","cluster":"","database":"d","db_id":1,"table":"t","table_id":2},"dest":{"host":"h2","port":"9030","thrift_port":"9020","is_master":false,"frontends":null,"user":"root","password":"","cluster":"","database":"d","db_id":3,"table":"t","table_id":0},"skip_error":false,"state":1}', '127.0.0.1:9190')""",
            """INSERT INTO progresses VALUES ('legacy', '{"job_name":"legacy","sync_state":501}')""",
            "INSERT INTO syncers VALUES ('127.0.0.1:9190', 1729771200000000000)");
        await using var store = await OpenAsync();
        var job = await store.GetJobAsync("legacy", CancellationToken.None);
        Assert.NotNull(job);
        Assert.Equal(("127.0.0.1:9190", 0L, JobState.Paused, "go-plain-pw"), (job.Owner, job.OwnerEpoch, job.Info.State, job.Info.Src.Password));
        Assert.DoesNotContain("go-plain-pw", await ReadRawJobInfoAsync("legacy"), StringComparison.Ordinal);
        Assert.Equal("{\"job_name\":\"legacy\",\"sync_state\":501}", await store.GetProgressAsync("legacy", CancellationToken.None));
        var syncer = Assert.Single(await store.ListSyncersAsync(CancellationToken.None));
        Assert.Equal(new DateTimeOffset(2024, 10, 24, 12, 0, 0, TimeSpan.Zero), syncer.Heartbeat);
    }

    private async Task ExecuteRawAsync(params string[] statements)
    {
        SQLitePCL.Batteries.Init();
        await using var connection = new SqliteConnection($"Data Source={_dir.File("ccr.db")}");
        await connection.OpenAsync();
        foreach (var sql in statements)
        {
            await using var command = connection.CreateCommand();
            command.CommandText = sql;
            await command.ExecuteNonQueryAsync();
        }
    }

    private async Task<object?> ScalarRawAsync(string sql)
    {
        await using var connection = new SqliteConnection($"Data Source={_dir.File("ccr.db")}");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return await command.ExecuteScalarAsync();
    }

    private async Task<string> ReadRawJobInfoAsync(string name)
    {
        await using var connection = new SqliteConnection($"Data Source={_dir.File("ccr.db")}");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT job_info FROM jobs WHERE job_name = $n";
        command.Parameters.AddWithValue("$n", name);
        return (string)(await command.ExecuteScalarAsync())!;
    }
}
