using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Prometheus;
using Syncer.Configuration;
using Syncer.HighAvailability;
using Syncer.Jobs;
using Syncer.Observability;
using Syncer.Store;

namespace Syncer.Api;

/// <summary>
/// The HTTP API of docs/api.md on plain paths, any method accepted (as the Go syncer). Failures keep
/// the Go status codes: 200 with <c>success:false</c> and a precise <c>error_msg</c>, 400 for a body that
/// is not valid JSON for the endpoint. A job owned by another instance is answered with 307 to that
/// instance (307, unlike Go's 303, keeps the method and body, so clients need no <c>--post303</c>).
/// </summary>
public static class ApiEndpoints
{
    /// <summary>Registers every endpoint.</summary>
    public static void MapSyncerApi(this WebApplication app)
    {
        app.Map("/version", () => Json(new VersionResult(SyncerVersion.Text)));
        app.Map("/healthz", HealthAsync);
        app.MapMetrics("/metrics", app.Services.GetRequiredService<SyncerMetrics>().Registry);
        app.Map("/features", (SyncerOptions options) => Json(new FeaturesResult(true, Features(options))));
        app.Map("/create_ccr", CreateAsync);
        app.Map("/list_jobs", ListAsync);

        MapJob<JobNameRequest>(app, "/get_lag", async (m, job, _, ct) =>
        {
            var lag = await m.GetLagAsync(job, ct);
            return Json(new LagResult(true, null, lag.Binlogs) { LagSeconds = Math.Round(lag.Seconds, 3) });
        },
            e => new LagResult(false, e, 0));
        MapJob<JobNameRequest>(app, "/pause", async (m, job, _, ct) => Ok(await Done(m.SetStateAsync(job, JobState.Paused, ct))), Fail);
        MapJob<JobNameRequest>(app, "/resume", async (m, job, _, ct) => Ok(await Done(m.SetStateAsync(job, JobState.Running, ct))), Fail);
        MapJob<JobNameRequest>(app, "/delete", async (m, job, _, ct) => Ok(await Done(m.DeleteAsync(job, ct))), Fail);
        MapJob<JobNameRequest>(app, "/desync", async (m, job, _, ct) => Ok(await Done(m.DesyncAsync(job, ct))), Fail);
        MapJob<JobNameRequest>(app, "/force_fullsync", async (m, job, _, ct) => Ok(await Done(m.ForceFullSyncAsync(job, ct))), Fail);
        MapJob<UpdateJobRequest>(app, "/update_job", async (m, job, request, ct) =>
        {
            var skipError = request.SkipError ?? throw new JobOperationException("skip_error is missing: send {\"name\": \"…\", \"skip_error\": true|false}");
            return Ok(await Done(m.SetSkipErrorAsync(job, skipError, ct)));
        }, Fail);
        MapJob<SkipBinlogRequest>(app, "/job_skip_binlog", async (m, job, request, ct) =>
        {
            var seq = request.CommitSeq ?? throw new JobOperationException("commit_seq is missing: send {\"name\": \"…\", \"commit_seq\": <seq>}");
            return Ok(await Done(m.SkipBinlogAsync(job, seq, ct)));
        }, Fail);
        MapJob<JobNameRequest>(app, "/job_status", async (m, job, _, ct) => Json(new JobStatusResult(true, null, await m.GetStatusAsync(job, ct))),
            e => new JobStatusResult(false, e, null));
        MapJob<JobNameRequest>(app, "/job_progress", async (m, job, _, ct) => Json(new JobProgressResult(true, null, await m.GetProgressJsonAsync(job, ct))),
            e => new JobProgressResult(false, e, ""));
        MapJob<JobNameRequest>(app, "/job_detail", (m, job, _, _) => Task.FromResult(Json(new JobDetailResult(true, null, m.GetDetailJson(job)))),
            e => new JobDetailResult(false, e, ""));

        app.MapFallback((HttpContext context) =>
            Results.Json(new ApiResult(false, $"no such endpoint: {context.Request.Path}"), JobJson.Options, statusCode: StatusCodes.Status404NotFound));
    }

    private static IResult Json<T>(T body) => Results.Json(body, JobJson.Options);

    private static IResult Ok(bool _) => Json(new ApiResult(true));

    private static object Fail(string message) => new ApiResult(false, message);

    private static async Task<bool> Done(Task task)
    {
        await task;
        return true;
    }

    private static IReadOnlyList<FeatureView> Features(SyncerOptions options)
    {
        // Reads each feature's current value back from the option set by name, so /features can never disagree with the flags.
        var current = new Dictionary<string, bool>(StringComparer.Ordinal)
        {
            ["feature_schema_change_partial_sync"] = options.Features.SchemaChangePartialSync,
            ["feature_clean_table_and_partitions"] = options.Features.CleanTableAndPartitions,
            ["feature_atomic_restore"] = options.Features.AtomicRestore,
            ["feature_create_view_drop_exists"] = options.Features.CreateViewDropExists,
            ["feature_replace_not_matched_with_alias"] = options.Features.ReplaceNotMatchedWithAlias,
            ["feature_filter_shadow_indexes_upsert"] = options.Features.FilterShadowIndexesUpsert,
            ["feature_cancel_conflict_backup_restore_job"] = options.Features.CancelConflictBackupRestoreJob,
        };
        return SyncerFlags.All.Where(f => f.IsFeature).Select(f => new FeatureView(f.Name, current[f.Name], f.DefaultText)).ToList();
    }

    private static async Task<IResult> HealthAsync(IJobStore store, ClusterStatus cluster, JobManager manager, HttpContext context)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted);
        limit.CancelAfter(TimeSpan.FromSeconds(5));
        try
        {
            await store.PingAsync(limit.Token);
            return Json(new HealthResult(true, "ok")
            {
                IsLeader = cluster.IsLeader,
                OwnedJobs = manager.LocalJobs.Count,
                LeaseAgeSeconds = cluster.LeaseAge is { } age ? Math.Round(age.TotalSeconds, 3) : null,
            });
        }
        catch (Exception e) when (e is StoreException or OperationCanceledException && !context.RequestAborted.IsCancellationRequested)
        {
            var reason = e is StoreException ? e.Message : "no answer within 5s";
            return Results.Json(new HealthResult(false, "unavailable", $"job store unavailable: {reason}"), JobJson.Options,
                statusCode: StatusCodes.Status503ServiceUnavailable);
        }
    }

    private static async Task<IResult> CreateAsync(HttpContext context, JobManager manager, ILoggerFactory loggers)
    {
        CreateCcrRequest? request;
        try
        {
            request = await RequestBodyReader.ReadAsync<CreateCcrRequest>(context.Request, context.RequestAborted)
                      ?? throw new BadRequestBodyException("request body is empty: send the job as JSON (name, src, dest)");
        }
        catch (BadRequestBodyException e)
        {
            return BadRequest(e, new ApiResult(false, e.Message));
        }
        return await GuardAsync(context, loggers, "/create_ccr", async () =>
        {
            await manager.CreateAsync(request, context.RequestAborted);
            return Json(new ApiResult(true));
        }, Fail);
    }

    private static async Task<IResult> ListAsync(HttpContext context, JobManager manager, ILoggerFactory loggers) =>
        await GuardAsync(context, loggers, "/list_jobs", async () =>
        {
            // One read of the store for all three views, so they always describe the same jobs.
            var jobs = await manager.ListJobsAsync(context.RequestAborted);
            if (jobs.Count == 0) return Json(new ListJobsResult(true, null, null));
            return Json(new ListJobsResult(true, null, jobs.Select(j => j.Name).ToList())
            {
                JobOwners = jobs.Select(j => new JobOwnerView(j.Name, j.Owner, j.OwnerEpoch)).ToList(),
                JobStates = jobs.ToDictionary(j => j.Name, j => JobStateNames.Of(j.Info.State), StringComparer.Ordinal),
            });
        }, e => new ListJobsResult(false, e, null));

    private static void MapJob<TRequest>(WebApplication app, string path,
        Func<JobManager, ManagedJob, TRequest, CancellationToken, Task<IResult>> action, Func<string, object> failure)
        where TRequest : JobNameRequest, new()
    {
        app.Map(path, async (HttpContext context, JobManager manager, ILoggerFactory loggers) =>
        {
            TRequest request;
            try
            {
                request = await RequestBodyReader.ReadAsync<TRequest>(context.Request, context.RequestAborted) ?? new TRequest();
            }
            catch (BadRequestBodyException e)
            {
                return BadRequest(e, failure(e.Message));
            }
            // A GET without a body may name the job in the query string (?name=…).
            if (request.Name is null && context.Request.Query.TryGetValue("name", out var fromQuery)) request = request with { Name = fromQuery.ToString() };
            return await GuardAsync(context, loggers, path, async () =>
            {
                var lookup = await manager.LookupAsync(request.Name ?? "", context.RequestAborted);
                return lookup switch
                {
                    JobLookup.NotFound missing => Results.Json(failure($"job {missing.Name} not exist"), JobJson.Options),
                    JobLookup.OwnedElsewhere elsewhere => Results.Redirect(
                        $"http://{elsewhere.Owner}{context.Request.Path}{context.Request.QueryString}", permanent: false, preserveMethod: true),
                    JobLookup.Local local => await action(manager, local.Job, request, context.RequestAborted),
                    _ => throw new InvalidOperationException("unknown lookup result"),
                };
            }, failure);
        });
    }

    private static IResult BadRequest(BadRequestBodyException e, object body) => Results.Json(body, JobJson.Options, statusCode: e.StatusCode);

    private static async Task<IResult> GuardAsync(HttpContext context, ILoggerFactory loggers, string path, Func<Task<IResult>> handler,
        Func<string, object> failure)
    {
        try
        {
            return await handler();
        }
        catch (JobOperationException e)
        {
            return Results.Json(failure(e.Message), JobJson.Options);
        }
        catch (StoreException e)
        {
            loggers.CreateLogger("Syncer.Api").LogError("{Path}: job store error: {Message}", path, e.Message);
            return Results.Json(failure($"job store error: {e.Message}"), JobJson.Options);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // The client went away; nothing to answer.
            return Results.Empty;
        }
        catch (OperationCanceledException)
        {
            return Results.Json(failure("the syncer is shutting down; retry on another instance or after restart"), JobJson.Options,
                statusCode: StatusCodes.Status503ServiceUnavailable);
        }
        catch (Exception e)
        {
            // A bug, not a user error: logged with its stack trace, answered in the endpoint's shape rather than an empty 500.
            loggers.CreateLogger("Syncer.Api").LogError(e, "{Path} failed unexpectedly", path);
            return Results.Json(failure($"internal error: {e.GetType().Name}: {e.Message}"), JobJson.Options,
                statusCode: StatusCodes.Status500InternalServerError);
        }
    }
}
