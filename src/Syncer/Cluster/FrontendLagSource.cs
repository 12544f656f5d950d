using Syncer.Doris.Rpc;
using Syncer.Doris.Thrift;
using Syncer.Jobs;
using Syncer.Store;

namespace Syncer.Cluster;

/// <summary>
/// <c>/get_lag</c> through the source FE's <c>getBinlogLag</c> Thrift RPC (same request as getBinlog:
/// auth fields, database, table name and id for a table sync, and the job's commit seq), following master
/// redirects and failing over to the FEs listed at creation, on the client the cluster's jobs share.
/// </summary>
public sealed class FrontendLagSource(FrontendClientFactory frontends, TimeProvider time) : IReplicationLagSource
{
    /// <inheritdoc />
    public async Task<ReplicationLag> GetLagAsync(StoredJob job, long commitSeq, CancellationToken cancellationToken)
    {
        var src = job.Info.Src;
        var prefix = $"src cluster {src.Host}:{src.ThriftPort}: getBinlogLag";
        // A job adopted from a Go store was never validated by this syncer.
        if (!FrontendClientFactory.TryParsePort(src.ThriftPort, out _))
            throw new JobOperationException($"src.thrift_port \"{src.ThriftPort}\" of job {job.Name} is not a valid port (1-65535)");
        // The cluster's shared client (its pooled connections, the master it learnt): an operator or a dashboard polling
        // get_lag costs one RPC, not a new TCP connection per call.
        var client = frontends.Shared(src);
        var tableSync = job.Info.SyncType == SyncType.TableSync;
        TGetBinlogLagResult result;
        var request = new TGetBinlogRequest
        {
            Cluster = src.Cluster,
            User = src.User,
            Passwd = src.Password,
            Db = src.Database,
            Table = tableSync ? src.Table : null,
            PrevCommitSeq = commitSeq,
        };
        if (tableSync) request.TableId = src.TableId;
        try
        {
            result = await client.GetBinlogLagAsync(request, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            throw new JobOperationException($"{prefix} failed: {e.Message}", e);
        }
        var status = result.Status?.StatusCode ?? TStatusCode.OK;
        if (status != TStatusCode.OK)
        {
            var messages = result.Status?.ErrorMsgs is { Count: > 0 } m ? ": " + string.Join("; ", m) : "";
            throw new JobOperationException($"{prefix} answered {status}{messages}{Explain(status, src, tableSync)}");
        }
        var lag = result.__isset.lag ? result.Lag : throw new JobOperationException($"{prefix} answered OK without a lag");
        return new ReplicationLag(lag, lag > 0 ? await OldestPendingAgeAsync(client, request, cancellationToken) : 0);
    }

    // The next binlog after the job's position is the oldest one it has not applied; its timestamp dates the lag.
    // Newer FEs report it in getBinlogLag (first_binlog_timestamp); older ones only through getBinlog.
    private async Task<double> OldestPendingAgeAsync(FailoverFrontendClient client, TGetBinlogRequest request, CancellationToken cancellationToken)
    {
        try
        {
            var next = await client.GetBinlogAsync(request, cancellationToken);
            var timestamp = next.Binlogs?.FirstOrDefault()?.Timestamp;
            if (timestamp is null or <= 0) return 0;
            return Math.Max(0, (time.GetUtcNow() - DateTimeOffset.FromUnixTimeMilliseconds(timestamp.Value)).TotalSeconds);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // The count is the answer the Go syncer gave; the age is a bonus that must not fail /get_lag.
            return 0;
        }
    }

    // Doris answers these bare codes when its binlog list for the db or table does not exist (yet): no binlog was
    // recorded since binlog was enabled, or it was never enabled.
    private static string Explain(TStatusCode status, ClusterSpec src, bool tableSync) => status switch
    {
        TStatusCode.BINLOG_NOT_FOUND_DB => $" (the source FE has recorded no binlog for database {src.Database} yet)",
        TStatusCode.BINLOG_NOT_FOUND_TABLE when tableSync => $" (the source FE has recorded no binlog for table {src.Database}.{src.Table} yet)",
        _ => "",
    };
}
