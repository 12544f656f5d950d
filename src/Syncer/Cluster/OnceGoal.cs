using Syncer.Doris.Thrift;
using Syncer.Engine;
using Syncer.Jobs;

namespace Syncer.Cluster;

/// <summary>
/// The goal of a one-shot migration: the source's last commit seq at creation, from getBinlogLag's
/// <c>last_commit_seq</c> (Doris 2.1+) for the job's database, or its table for a table job.
/// </summary>
public static class OnceGoal
{
    /// <summary>
    /// The last commit seq, 0 when the source has recorded no binlog yet or its FE does not report the field (Doris 2.0);
    /// a goal of 0 ends the migration at its first catch-up after the full sync, which also covers everything committed
    /// before creation.
    /// </summary>
    /// <exception cref="JobOperationException">The source FE cannot be asked.</exception>
    public static async Task<long> ReadAsync(FrontendClientFactory frontends, JobInfo job, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(frontends);
        ArgumentNullException.ThrowIfNull(job);
        var src = job.Src;
        var tableSync = job.SyncType == SyncType.TableSync;
        var prefix = $"src cluster {src.Host}:{src.ThriftPort}: cannot read the one-shot migration's goal (getBinlogLag)";
        await using var client = frontends.Create(src);
        TGetBinlogLagResult result;
        try
        {
            var request = new TGetBinlogRequest
            {
                Cluster = src.Cluster,
                User = src.User,
                Passwd = src.Password,
                Db = src.Database,
                PrevCommitSeq = 0,
            };
            if (tableSync)
            {
                // A database-level read leaves both unset: an assigned value is sent, even a 0.
                request.Table = src.Table;
                request.TableId = src.TableId;
            }
            result = await client.GetBinlogLagAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            throw new JobOperationException($"{prefix}: {e.Message}", e);
        }
        var code = ThriftStatus.CodeOf(result.Status);
        if (code is TStatusCode.BINLOG_NOT_FOUND_DB or TStatusCode.BINLOG_NOT_FOUND_TABLE) return 0;
        if (code != TStatusCode.OK) throw new JobOperationException($"{prefix}: {ThriftStatus.Describe(result.Status)}");
        return result.LastCommitSeq;
    }
}
