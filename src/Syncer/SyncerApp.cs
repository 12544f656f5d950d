using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using ILogger = Microsoft.Extensions.Logging.ILogger;
using Serilog;
using Syncer.Api;
using Syncer.Cluster;
using Syncer.Configuration;
using Syncer.Engine.Fetch;
using Syncer.HighAvailability;
using Syncer.Jobs;
using Syncer.Observability;
using Syncer.Store;

namespace Syncer;

/// <summary>Composes the service: Kestrel on the bind address, the API, the job manager and the store.</summary>
public static class SyncerApp
{
    /// <summary>How long shutdown waits for requests and job steps in flight before giving up on them.</summary>
    public static readonly TimeSpan ShutdownTimeout = TimeSpan.FromSeconds(60);

    /// <summary>Opens the store named by the flags and its password key, migrating the schema.</summary>
    public static async Task<IJobStore> OpenStoreAsync(SyncerOptions options, TimeProvider time, ILogger logger, CancellationToken cancellationToken)
    {
        var keyPath = options.ResolvedKeyFile();
        var key = KeyFile.LoadOrCreate(keyPath, out var created);
        if (created) logger.LogInformation("created password key file {KeyFile} (mode 0600); keep it with the store", keyPath);
        else if (KeyFile.IsReadableByOthers(keyPath)) logger.LogWarning("key file {KeyFile} is accessible to other users; chmod 600 it", keyPath);
        var cipher = new PasswordCipher(key);
        IJobStore store = options.DbType switch
        {
            StoreKind.Sqlite => new SqliteJobStore(options.DbDir, cipher, time),
            _ => new MySqlJobStore(new MySqlStoreOptions(options.DbHost, options.DbPort, options.DbUser, options.DbPassword)
            {
                ConnectTimeout = options.ConnectTimeout,
                CommandTimeout = options.RpcTimeout,
            }, cipher, time),
        };
        try
        {
            await store.MigrateAsync(cancellationToken);
            logger.LogInformation("job store {Store} at schema version {Version}", store.Description, await store.GetSchemaVersionAsync(cancellationToken));
            return store;
        }
        catch
        {
            await store.DisposeAsync();
            throw;
        }
    }

    /// <summary>Builds the web application around an opened store.</summary>
    public static WebApplication Build(SyncerOptions options, IJobStore store, Serilog.ILogger serilog, SecretRedactor redactor,
        SyncerAppDependencies dependencies)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [], ContentRootPath = AppContext.BaseDirectory });
        builder.Logging.ClearProviders();
        builder.Logging.SetMinimumLevel(LogLevel.Trace);
        // Also registers the DiagnosticContext that request logging enriches; the caller owns (and flushes) the logger.
        builder.Services.AddSerilog(serilog, dispose: false);
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = RequestBodyReader.MaxBodyBytes;
            if (options.BindAddress == "localhost") kestrel.ListenLocalhost(options.Port);
            else kestrel.Listen(IPAddress.Parse(options.BindAddress), options.Port);
        });
        builder.Services.Configure<HostOptions>(h => h.ShutdownTimeout = ShutdownTimeout);

        var services = builder.Services;
        services.AddSingleton(options);
        services.AddSingleton(redactor);
        services.AddSingleton(dependencies.Time);
        services.AddSingleton(store);
        services.AddSingleton<SyncerMetrics>();
        var timeouts = new ClusterTimeouts(options.ConnectTimeout, options.RpcTimeout);
        services.AddSingleton(timeouts);
        services.AddSingleton(dependencies.SqlConnector ?? new WireDorisSqlConnector(timeouts, dependencies.Time));
        var frontends = new FrontendClientFactory(timeouts, options.CommitTxnTimeout);
        // Registered through a factory so the container disposes it (and the Thrift clients it shares) at shutdown.
        services.AddSingleton(_ => frontends);
        services.AddSingleton(dependencies.LagSource ?? new FrontendLagSource(frontends, dependencies.Time));
        // One getBinlog budget per source FE and one binlog watcher per source database, shared by every job.
        services.AddSingleton(new FrontendCallBudget(options.MaxGetBinlogPerSecond, dependencies.Time));
        services.AddSingleton(sp => new SharedBinlogWatcher(frontends, sp.GetRequiredService<FrontendCallBudget>(), dependencies.Time,
            sp.GetRequiredService<ILogger<SharedBinlogWatcher>>()));
        services.AddSingleton<IBinlogChangeNotifier>(sp => sp.GetRequiredService<SharedBinlogWatcher>());
        if (dependencies.BackendProbe is not null) services.AddSingleton(dependencies.BackendProbe);
        else
        {
            services.AddSingleton<IBackendConfigProbe>(_ => HttpBackendConfigProbe.Create(timeouts));
        }
        services.AddSingleton<JobCreationChecks>();
        services.AddSingleton<JobManager>();
        services.AddSingleton<ClusterStatus>();
        services.AddSingleton<ClusterCoordinator>();
        // Start order: register in the store, then recover owned jobs; stop runs in reverse (jobs stop, then the lease
        // is given up).
        services.AddHostedService(sp => sp.GetRequiredService<ClusterCoordinator>());
        services.AddHostedService(sp => sp.GetRequiredService<JobManager>());

        var app = builder.Build();
        app.UseSyncerRequestLogging(serilog);
        app.UseBearerToken(options.ApiToken);
        app.MapSyncerApi();
        return app;
    }
}
