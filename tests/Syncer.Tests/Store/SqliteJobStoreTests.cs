using System.Text;
using Microsoft.Data.Sqlite;
using Syncer.Jobs;
using Syncer.Store;
using Syncer.Tests.Support;

namespace Syncer.Tests.Store;

/// <summary>The SQLite job store on a file: the store contract plus schema versions, Go file adoption and the file's bytes.</summary>
public sealed class SqliteJobStoreTests : JobStoreContractTests, IDisposable
{
    private readonly TempDirectory _dir = new();

    protected override async Task<IJobStore> OpenAsync(PasswordCipher? cipher = null)
    {
        var store = new SqliteJobStore(_dir.File("ccr.db"), cipher ?? Cipher, TimeProvider.System);
        await store.MigrateAsync(CancellationToken.None);
        return store;
    }

    protected override async Task<long> ReadRawHeartbeatAsync(string instance) =>
        (long)(await ScalarRawAsync("SELECT timestamp FROM syncers WHERE host_info = $p", instance))!;

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Migrates_to_the_latest_version_once()
    {
        await using var store = await OpenAsync();
        Assert.Equal(SqliteJobStoreSql.Instance.Migrations[^1].Version, await store.GetSchemaVersionAsync(CancellationToken.None));
        await store.MigrateAsync(CancellationToken.None);
        await using var again = await OpenAsync();
        Assert.Equal(SqliteJobStoreSql.Instance.Migrations[^1].Version, await again.GetSchemaVersionAsync(CancellationToken.None));
    }

    [Fact]
    public async Task Refuses_a_schema_newer_than_it_knows()
    {
        await using (var store = await OpenAsync())
        {
            await ExecuteRawAsync("INSERT INTO schema_migrations (version, description, applied_at) VALUES (99, 'future', 0)");
        }
        await using var reopened = new SqliteJobStore(_dir.File("ccr.db"), Cipher, TimeProvider.System);
        var error = await Assert.ThrowsAsync<StoreException>(() => reopened.MigrateAsync(CancellationToken.None));
        Assert.Contains("schema version 99 is newer than this ccr_syncer supports", error.Message, StringComparison.Ordinal);
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
        await using var connection = new SqliteConnection($"Data Source={_dir.File("ccr.db")}");
        await connection.OpenAsync();
        foreach (var sql in statements)
        {
            await using var command = connection.CreateCommand();
            command.CommandText = sql;
            await command.ExecuteNonQueryAsync();
        }
    }

    private async Task<object?> ScalarRawAsync(string sql, string parameter)
    {
        await using var connection = new SqliteConnection($"Data Source={_dir.File("ccr.db")}");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Parameters.AddWithValue("$p", parameter);
        return await command.ExecuteScalarAsync();
    }

    protected override async Task<string> ReadRawJobInfoAsync(string name) =>
        (string)(await ScalarRawAsync("SELECT job_info FROM jobs WHERE job_name = $p", name))!;
}
