using System.Security.Cryptography;
using Syncer.Jobs;
using Syncer.Store;
using Syncer.Tests.Support;

namespace Syncer.Tests.Store;

/// <summary>
/// What every <see cref="IJobStore"/> must do, run against each implementation (SQLite file, real MariaDB); raw rows are
/// read behind the store's back to see what is really stored.
/// </summary>
public abstract class JobStoreContractTests
{
    protected PasswordCipher Cipher { get; } = new(RandomNumberGenerator.GetBytes(32));

    /// <summary>A migrated store over the same storage each time (so a reopened store sees earlier writes).</summary>
    protected abstract Task<IJobStore> OpenAsync(PasswordCipher? cipher = null);

    /// <summary>The job_info column of a job, as stored.</summary>
    protected abstract Task<string> ReadRawJobInfoAsync(string name);

    /// <summary>The timestamp column of a syncer row, as stored.</summary>
    protected abstract Task<long> ReadRawHeartbeatAsync(string instance);

    [Fact]
    public async Task Jobs_round_trip_with_owner_epoch_and_passwords_encrypted_in_the_row()
    {
        await using var store = await OpenAsync();
        var job = JobSamples.Table("j1");
        await store.AddJobAsync(job, "127.0.0.1:9190", "{\"job_name\":\"j1\"}", CancellationToken.None);
        var read = await store.GetJobAsync("j1", CancellationToken.None);
        Assert.NotNull(read);
        Assert.Equal(("127.0.0.1:9190", 1L), (read.Owner, read.OwnerEpoch));
        Assert.Equal(job.Src, read.Info.Src with { Frontends = job.Src.Frontends });
        Assert.Equal(job.Src.Frontends, read.Info.Src.Frontends);
        Assert.Equal(("src-secret-pw", "dest-secret-pw"), (read.Info.Src.Password, read.Info.Dest.Password));
        Assert.Equal("{\"job_name\":\"j1\"}", await store.GetProgressAsync("j1", CancellationToken.None));
        Assert.Null(await store.GetJobAsync("nope", CancellationToken.None));

        var raw = await ReadRawJobInfoAsync("j1");
        Assert.DoesNotContain("secret-pw", raw, StringComparison.Ordinal);
        Assert.Contains("\"password\":\"enc:v1:", raw, StringComparison.Ordinal);
        await store.PingAsync(CancellationToken.None);
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
        Assert.Equal(("a:1", "src-secret-pw"), (kept!.Owner, kept.Info.Src.Password));
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
    public async Task Writes_are_fenced_by_owner_and_epoch()
    {
        await using var store = await OpenAsync();
        var job = JobSamples.Table("f");
        await store.AddJobAsync(job, "a:1", null, CancellationToken.None);
        Assert.True(await store.UpdateJobInfoAsync(job with { State = JobState.Paused }, "a:1", 1, CancellationToken.None));
        // Writing the same job_info again still counts as owned (MySQL reports 0 changed rows for it).
        Assert.True(await store.UpdateJobInfoAsync(job with { State = JobState.Paused }, "a:1", 1, CancellationToken.None));
        Assert.Equal(JobState.Paused, (await store.GetJobAsync("f", CancellationToken.None))!.Info.State);

        Assert.Equal(2, await store.TransferJobAsync("f", "b:2", 1, CancellationToken.None));
        Assert.Null(await store.TransferJobAsync("f", "c:3", 1, CancellationToken.None));
        Assert.False(await store.UpdateJobInfoAsync(job with { SkipError = true }, "a:1", 1, CancellationToken.None));
        Assert.False(await store.SaveProgressAsync("f", "{\"stale\":true}", "a:1", 1, CancellationToken.None));
        Assert.True(await store.SaveProgressAsync("f", "{\"fresh\":true}", "b:2", 2, CancellationToken.None));
        Assert.True(await store.SaveProgressAsync("f", "{\"fresher\":true}", "b:2", 2, CancellationToken.None));
        Assert.True(await store.UpdateJobInfoAsync(job with { State = JobState.Running }, "b:2", 2, CancellationToken.None));
        var now = await store.GetJobAsync("f", CancellationToken.None);
        Assert.Equal(("b:2", 2L, false, JobState.Running), (now!.Owner, now.OwnerEpoch, now.Info.SkipError, now.Info.State));
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
    public async Task Names_with_quotes_backquotes_backslashes_and_unicode_are_stored_verbatim()
    {
        await using var store = await OpenAsync();
        string[] names = ["it's", "a`b", "c\\d", "库存同步", "x'); DROP TABLE jobs; --", "x\"; DROP TABLE jobs; --", "@name", "$name", "Case", "case"];
        foreach (var name in names)
        {
            await store.AddJobAsync(JobSamples.Table(name), "a:1", "{\"n\":\"" + name.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"}",
                CancellationToken.None);
        }
        Assert.Equal(names.Order(StringComparer.Ordinal), (await store.ListJobsAsync(CancellationToken.None)).Select(j => j.Name));
        foreach (var name in names) Assert.Equal(name, (await store.GetJobAsync(name, CancellationToken.None))!.Name);
    }

    [Fact]
    public async Task Heartbeats_are_upserted_in_unix_nanoseconds()
    {
        await using var store = await OpenAsync();
        var t = new DateTimeOffset(2024, 10, 24, 12, 0, 0, TimeSpan.Zero);
        await store.HeartbeatAsync(new SyncerRecord("a:1", t, t.AddSeconds(12)), CancellationToken.None);
        await store.HeartbeatAsync(new SyncerRecord("a:1", t.AddSeconds(5), t.AddSeconds(17)), CancellationToken.None);
        Assert.Equal(new SyncerRecord("a:1", t.AddSeconds(5), t.AddSeconds(17)), Assert.Single(await store.ListSyncersAsync(CancellationToken.None)));
        Assert.Equal(UnixNanoseconds.From(t.AddSeconds(5)), await ReadRawHeartbeatAsync("a:1"));
        Assert.True(await store.RemoveSyncerAsync("a:1", CancellationToken.None));
        Assert.Empty(await store.ListSyncersAsync(CancellationToken.None));
    }

    [Fact]
    public async Task The_leader_lease_is_held_by_one_instance_until_it_expires_or_is_released()
    {
        await using var store = await OpenAsync();
        var now = new DateTimeOffset(2026, 12, 4, 12, 0, 0, TimeSpan.Zero);
        var lease = TimeSpan.FromSeconds(3);
        Assert.True(await store.TryHoldLeadershipAsync("a:1", now, now + lease, CancellationToken.None));
        Assert.False(await store.TryHoldLeadershipAsync("b:2", now.AddSeconds(1), now.AddSeconds(1) + lease, CancellationToken.None));
        // Renewing the same lease counts as held even when nothing else changes.
        Assert.True(await store.TryHoldLeadershipAsync("a:1", now.AddSeconds(1), now + lease, CancellationToken.None));
        Assert.True(await store.TryHoldLeadershipAsync("b:2", now.AddSeconds(4), now.AddSeconds(4) + lease, CancellationToken.None));
        Assert.False(await store.TryHoldLeadershipAsync("a:1", now.AddSeconds(5), now.AddSeconds(5) + lease, CancellationToken.None));
        await store.ReleaseLeadershipAsync("a:1", CancellationToken.None);
        Assert.False(await store.TryHoldLeadershipAsync("a:1", now.AddSeconds(5), now.AddSeconds(5) + lease, CancellationToken.None));
        await store.ReleaseLeadershipAsync("b:2", CancellationToken.None);
        Assert.True(await store.TryHoldLeadershipAsync("a:1", now.AddSeconds(5), now.AddSeconds(5) + lease, CancellationToken.None));
    }

    [Fact]
    public async Task Ownership_is_listed_and_checked_by_owner_and_epoch()
    {
        await using var store = await OpenAsync();
        await store.AddJobAsync(JobSamples.Table("o1"), "a:1", null, CancellationToken.None);
        await store.AddJobAsync(JobSamples.Table("o2"), "b:2", null, CancellationToken.None);
        Assert.Equal([new JobOwnership("o1", "a:1", 1), new JobOwnership("o2", "b:2", 1)], await store.ListOwnershipsAsync(CancellationToken.None));
        Assert.True(await store.IsOwnerAsync("o1", "a:1", 1, CancellationToken.None));
        Assert.Equal(2L, await store.TransferJobAsync("o1", "b:2", 1, CancellationToken.None));
        Assert.False(await store.IsOwnerAsync("o1", "a:1", 1, CancellationToken.None));
        Assert.False(await store.IsOwnerAsync("o1", "b:2", 1, CancellationToken.None));
        Assert.True(await store.IsOwnerAsync("o1", "b:2", 2, CancellationToken.None));
        Assert.False(await store.SaveProgressAsync("o1", "{}", "a:1", 1, CancellationToken.None));
        Assert.False(await store.IsOwnerAsync("gone", "a:1", 1, CancellationToken.None));
    }
}
