using Microsoft.Extensions.Logging;
using Syncer.Configuration;
using Syncer.Doris.Sql;
using Syncer.Jobs;

namespace Syncer.Cluster;

/// <summary>
/// The network checks of <c>/create_ccr</c> (docs/api.md, <c>/create_ccr</c> cluster checks), in the Go syncer's order: FE lists,
/// binlog feature on every FE and BE of both clusters, source database (and table) present with binlog
/// enabled, ids resolved, destination database created, destination table absent unless allowed.
/// Returns the job with <c>frontends</c>, <c>db_id</c> and <c>table_id</c> filled in. Every failure is a
/// <see cref="ClusterCheckException"/> whose message names the cluster and the cause.
/// </summary>
public sealed class JobCreationChecks(
    IDorisSqlConnector connector,
    IBackendConfigProbe backendProbe,
    ClusterTimeouts timeouts,
    ILogger<JobCreationChecks> logger)
{
    private const string BinlogFeature = "enable_feature_binlog";

    /// <summary>Runs every check against both clusters.</summary>
    public async Task<JobInfo> RunAsync(JobInfo job, bool allowTableExists, CancellationToken cancellationToken)
    {
        var src = new ClusterSide("src", job.Src);
        var dest = new ClusterSide("dest", job.Dest);
        // Both connects run at once, so two unreachable clusters still fail within one connect timeout.
        var srcOpen = OpenAsync(src, cancellationToken);
        var destOpen = OpenAsync(dest, cancellationToken);
        await Task.WhenAll(Task.WhenAny(srcOpen), Task.WhenAny(destOpen));
        await using var srcSession = await DisposeOnFailure(srcOpen, destOpen);
        await using var destSession = await destOpen;
        var srcSql = new DorisSqlGateway(srcSession);
        var destSql = new DorisSqlGateway(destSession);

        var srcFrontends = ToSpecs(await CallAsync(src, "list frontends", ct => srcSql.ListFrontendsAsync(ct), cancellationToken));
        var destFrontends = ToSpecs(await CallAsync(dest, "list frontends", ct => destSql.ListFrontendsAsync(ct), cancellationToken));

        await CheckBinlogFeatureAsync(src, srcSql, cancellationToken);
        await CheckBinlogFeatureAsync(dest, destSql, cancellationToken);

        var srcDb = job.Src.Database;
        if (!await CallAsync(src, "look up the database", ct => srcSql.DatabaseExistsAsync(srcDb, ct), cancellationToken))
            throw src.Fail($"database {srcDb} does not exist");
        if (job.SyncType == SyncType.DbSync)
        {
            var create = await CallAsync(src, "show create database", ct => srcSql.ShowCreateDatabaseAsync(srcDb, ct), cancellationToken);
            if (!create.Contains(DorisSqlGateway.BinlogEnabledProperty, StringComparison.Ordinal))
                throw src.Fail($"database {srcDb} has binlog disabled: run enable_db_binlog.sh -h {job.Src.Host} -p {job.Src.Port} -u {job.Src.User} -d {srcDb}");
        }
        var srcDbId = await CallAsync(src, "resolve the database id", ct => srcSql.DatabaseIdAsync(srcDb, ct), cancellationToken)
                      ?? throw src.Fail($"database {srcDb} is not listed by show proc '/dbs/'");

        long srcTableId = 0;
        if (job.SyncType == SyncType.TableSync)
        {
            var table = job.Src.Table;
            if (!await CallAsync(src, "look up the table", ct => srcSql.TableExistsAsync(srcDb, table, ct), cancellationToken))
                throw src.Fail($"table {srcDb}.{table} does not exist");
            var (create, isView) = await CallAsync(src, "show create table", ct => srcSql.ShowCreateTableAsync(srcDb, table, ct), cancellationToken);
            if (isView) throw src.Fail($"{srcDb}.{table} is a view; a table sync needs a table (sync views with a database job)");
            if (!create.Contains(DorisSqlGateway.BinlogEnabledProperty, StringComparison.Ordinal))
                throw src.Fail($"table {srcDb}.{table} has binlog disabled: run enable_db_binlog.sh -h {job.Src.Host} -p {job.Src.Port} -u {job.Src.User} -d {srcDb}, or ALTER TABLE {DorisSql.Identifier(srcDb)}.{DorisSql.Identifier(table)} SET (\"binlog.enable\" = \"true\")");
            srcTableId = await CallAsync(src, "resolve the table id", ct => srcSql.TableIdAsync(srcDbId, table, ct), cancellationToken)
                         ?? throw src.Fail($"table {srcDb}.{table} is not listed by show proc '/dbs/{srcDbId}/'");
        }

        var destDb = job.Dest.Database;
        if (!await CallAsync(dest, "look up the database", ct => destSql.DatabaseExistsAsync(destDb, ct), cancellationToken))
        {
            await CallAsync(dest, "create the database", async ct =>
            {
                await destSql.CreateDatabaseAsync(destDb, ct);
                return true;
            }, cancellationToken);
            logger.LogInformation("created database {Database} on dest cluster {Cluster} for job {Job}", destDb, job.Dest.Address, job.Name);
        }
        var destDbId = await CallAsync(dest, "resolve the database id", ct => destSql.DatabaseIdAsync(destDb, ct), cancellationToken)
                       ?? throw dest.Fail($"database {destDb} is not listed by show proc '/dbs/' after creating it");

        // The FE lists identify a cluster whatever address the request used for it.
        var sameCluster = srcFrontends.Any(s => destFrontends.Any(d => d.Host == s.Host && d.Port == s.Port));
        if (sameCluster && srcDbId == destDbId)
        {
            if (job.SyncType == SyncType.DbSync)
                throw dest.Fail($"database {destDb} is the source database itself; a database cannot be replicated onto itself");
            if (job.Dest.Table == job.Src.Table)
                throw dest.Fail($"table {destDb}.{job.Dest.Table} is the source table itself; a table cannot be replicated onto itself");
        }

        if (job.SyncType == SyncType.TableSync && !allowTableExists)
        {
            var destTable = job.Dest.Table;
            if (await CallAsync(dest, "look up the table", ct => destSql.TableExistsAsync(destDb, destTable, ct), cancellationToken))
                throw dest.Fail($"table {destDb}.{destTable} already exists; drop it or create the job with \"allow_table_exists\": true");
        }

        if (job.SyncType == SyncType.TableSync && allowTableExists && job.SchemaDriftPolicy == SchemaDriftPolicy.Stop)
        {
            // Replacing an existing target table is the "replace" policy's answer; "stop" refuses one that does not fit.
            var (srcTable, destTable) = (job.Src.Table, job.Dest.Table);
            if (await CallAsync(dest, "look up the table", ct => destSql.TableExistsAsync(destDb, destTable, ct), cancellationToken))
            {
                var srcColumns = await CallAsync(src, "read the table's columns", ct => TableColumns.ReadAsync(srcSession, srcDb, srcTable, ct), cancellationToken);
                var destColumns = await CallAsync(dest, "read the table's columns", ct => TableColumns.ReadAsync(destSession, destDb, destTable, ct), cancellationToken);
                if (TableColumns.Difference(srcColumns, destColumns) is { } difference)
                    throw dest.Fail($"table {destDb}.{destTable} exists with other columns than {srcDb}.{srcTable} ({difference}); "
                                    + "with \"schema_drift_policy\": \"stop\" the syncer does not replace it: drop it, make it match, or use \"replace\"");
            }
        }

        return job with
        {
            Src = job.Src with { Frontends = srcFrontends, DbId = srcDbId, TableId = srcTableId },
            Dest = job.Dest with { Frontends = destFrontends, DbId = destDbId },
        };
    }

    private async Task CheckBinlogFeatureAsync(ClusterSide side, DorisSqlGateway sql, CancellationToken cancellationToken)
    {
        var fe = await CallAsync(side, "read the FE config", ct => sql.FrontendBinlogFeatureAsync(ct), cancellationToken);
        if (fe != true)
            throw side.Fail($"FE {side.Spec.Address} {BinlogFeature}={(fe is null ? "unknown" : "false")}, please set it true in fe.conf");
        var backends = await CallAsync(side, "list backends", ct => sql.ListBackendsAsync(ct), cancellationToken);
        var answers = await Task.WhenAll(backends.Select(be => ProbeBackendAsync(side, be, cancellationToken)));
        var disabled = backends.Where((_, i) => !answers[i]).Select(be => be.HttpAddress).ToList();
        if (disabled.Count > 0)
            throw side.Fail($"BE [{string.Join(", ", disabled)}] {BinlogFeature}=false, please set it true in be.conf");
    }

    private async Task<bool> ProbeBackendAsync(ClusterSide side, DorisBackend backend, CancellationToken cancellationToken)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(timeouts.Call);
        IReadOnlyList<IReadOnlyList<string>> rows;
        try
        {
            rows = await backendProbe.ShowConfigAsync(backend.Host, backend.HttpPort, BinlogFeature, limit.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw side.Fail($"BE {backend.HttpAddress} did not answer /api/show_config within {GoDuration.Format(timeouts.Call)}");
        }
        catch (ClusterCheckException e)
        {
            throw side.Fail(e.Message, e);
        }
        catch (HttpRequestException e)
        {
            throw side.Fail($"cannot ask BE {backend.HttpAddress} for {BinlogFeature}: {e.Message}", e);
        }
        if (rows.Count != 1)
            throw side.Fail($"BE {backend.HttpAddress} returned {rows.Count} rows for {BinlogFeature}, expected 1");
        var row = rows[0];
        return row.Count > 2 && row[2] is "true" or "1";
    }

    private async Task<IDorisSqlSession> OpenAsync(ClusterSide side, CancellationToken cancellationToken)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(timeouts.Connect);
        try
        {
            return await connector.OpenAsync(side.Spec, limit.Token);
        }
        // Our limit and the client's own one are the same length; whichever fires first, the answer is the same.
        catch (Exception e) when (IsTimeout(e, cancellationToken))
        {
            throw side.Fail($"cannot connect to FE {side.Spec.Address}: no answer within {GoDuration.Format(timeouts.Connect)} (-connect_timeout)");
        }
        catch (Exception e) when (e is not OperationCanceledException and not ClusterCheckException)
        {
            throw side.Fail($"cannot connect to FE {side.Spec.Address} as {side.Spec.User}: {e.Message}", e);
        }
    }

    private async Task<T> CallAsync<T>(ClusterSide side, string what, Func<CancellationToken, Task<T>> call, CancellationToken cancellationToken)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(timeouts.Call);
        try
        {
            return await call(limit.Token);
        }
        catch (Exception e) when (IsTimeout(e, cancellationToken))
        {
            throw side.Fail($"{what}: no answer within {GoDuration.Format(timeouts.Call)} (-rpc_timeout)");
        }
        catch (DorisAnswerException e)
        {
            throw side.Fail($"{what}: {e.Message}", e);
        }
        catch (Exception e) when (e is not OperationCanceledException and not ClusterCheckException)
        {
            throw side.Fail($"{what} failed: {e.Message}", e);
        }
    }

    private static List<FrontendSpec> ToSpecs(IReadOnlyList<DorisFrontend> frontends) =>
        frontends.Select(f => new FrontendSpec { Host = f.Host, Port = f.QueryPort, ThriftPort = f.RpcPort, IsMaster = f.IsMaster }).ToList();

    private static bool IsTimeout(Exception e, CancellationToken caller) =>
        e is TimeoutException || (e is OperationCanceledException && !caller.IsCancellationRequested);

    // If the source connect failed, the destination session (if it opened) must not leak.
    private static async Task<IDorisSqlSession> DisposeOnFailure(Task<IDorisSqlSession> first, Task<IDorisSqlSession> other)
    {
        if (first.IsCompletedSuccessfully) return await first;
        if (other.IsCompletedSuccessfully) await (await other).DisposeAsync();
        return await first;
    }

    private sealed record ClusterSide(string Role, ClusterSpec Spec)
    {
        public string Prefix => $"{Role} cluster {Spec.Address}: ";

        public ClusterCheckException Fail(string cause, Exception? inner = null) =>
            inner is null ? new ClusterCheckException(Prefix + cause) : new ClusterCheckException(Prefix + cause, inner);
    }
}
