using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Serilog.Extensions.Logging;
using Syncer.Configuration;
using Syncer.Observability;
using Syncer.Store;

namespace Syncer;

/// <summary>
/// A running syncer: store opened and migrated, web application started. Used by <see cref="SyncerProgram"/>
/// and, in-process, by the tests, which talk to it over a real socket.
/// </summary>
public sealed class SyncerService : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly IJobStore _store;
    private readonly StoreFileLock? _storeLock;
    private int _stopped;

    private SyncerService(WebApplication app, IJobStore store, StoreFileLock? storeLock, SyncerOptions options)
    {
        _app = app;
        _store = store;
        _storeLock = storeLock;
        var host = options.BindAddress is "0.0.0.0" or "::" ? "127.0.0.1" : options.BindAddress;
        BaseAddress = new Uri($"http://{(host.Contains(':', StringComparison.Ordinal) ? $"[{host}]" : host)}:{options.Port}/");
    }

    /// <summary>Where the API answers (the loopback address when bound to all interfaces).</summary>
    public Uri BaseAddress { get; }

    /// <summary>The service container (tests read the metrics and the job manager from it).</summary>
    public IServiceProvider Services => _app.Services;

    /// <summary>Opens the store and starts listening.</summary>
    public static async Task<SyncerService> StartAsync(SyncerOptions options, Serilog.ILogger serilog, SecretRedactor redactor,
        SyncerAppDependencies dependencies, CancellationToken cancellationToken)
    {
        redactor.Register(options.DbPassword);
        redactor.Register(options.ApiToken);
        using var loggerFactory = new SerilogLoggerFactory(serilog, dispose: false);
        var logger = loggerFactory.CreateLogger("Syncer");
        if (options.Pprof) logger.LogWarning("-pprof is accepted for compatibility with the Go syncer and has no effect here");
        // Nothing touches the store before both checks pass: the port is free and no other instance holds the SQLite file.
        ListenPortCheck.EnsureFree(options.BindAddress, options.Port);
        var storeLock = options.DbType == StoreKind.Sqlite ? StoreFileLock.Acquire(options.DbDir) : null;
        IJobStore store;
        try
        {
            store = await SyncerApp.OpenStoreAsync(options, dependencies.Time, logger, cancellationToken);
        }
        catch
        {
            storeLock?.Dispose();
            throw;
        }
        WebApplication? app = null;
        try
        {
            app = SyncerApp.Build(options, store, serilog, redactor, dependencies);
            await app.StartAsync(cancellationToken);
            logger.LogInformation("ccr_syncer {Version} listening on {Bind}:{Port} as {Identity}", SyncerVersion.Text, options.BindAddress,
                options.Port, options.Identity);
            return new SyncerService(app, store, storeLock, options);
        }
        catch
        {
            if (app is not null) await app.DisposeAsync();
            await store.DisposeAsync();
            storeLock?.Dispose();
            throw;
        }
    }

    /// <summary>Completes when the host is asked to stop (SIGTERM, SIGINT or <see cref="StopAsync"/>) and has stopped.</summary>
    public Task WaitForShutdownAsync(CancellationToken cancellationToken) => _app.WaitForShutdownAsync(cancellationToken);

    /// <summary>Stops accepting requests and waits for work in flight, up to <see cref="SyncerApp.ShutdownTimeout"/>.</summary>
    public async Task StopAsync()
    {
        if (Interlocked.Exchange(ref _stopped, 1) == 0) await _app.StopAsync();
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        await _app.DisposeAsync();
        await _store.DisposeAsync();
        _storeLock?.Dispose();
    }

    /// <summary>Looks a service up (tests).</summary>
    public T Get<T>() where T : notnull => _app.Services.GetRequiredService<T>();
}
