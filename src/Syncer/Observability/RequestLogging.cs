using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Serilog;
using Serilog.Events;

namespace Syncer.Observability;

/// <summary>
/// One log line per HTTP request through Serilog.AspNetCore's request logging:
/// <c>HTTP POST /pause responded 200 in 1.2 ms</c>. The line is written by the same logger as everything else, so
/// <see cref="SyncerLogFormatter"/> redacts it: a password in a query string never reaches the log. Scrapes and probes
/// (<c>/metrics</c>, <c>/healthz</c>) log at debug, so a 15 s scrape interval does not drown the job lines; server
/// errors log at error.
/// </summary>
public static class RequestLogging
{
    /// <summary>The message template of a request line.</summary>
    public const string MessageTemplate = "HTTP {RequestMethod} {RequestPath}{QueryString} responded {StatusCode} in {Elapsed:0.0} ms";

    /// <summary>
    /// Adds request logging; call it first so that requests refused by later middleware are logged too. The logger is
    /// passed explicitly: the middleware would otherwise write to Serilog's static logger, which this process never sets
    /// (tests run several syncers in one process, each with its own logger).
    /// </summary>
    public static void UseSyncerRequestLogging(this WebApplication app, Serilog.ILogger logger) =>
        app.UseSerilogRequestLogging(options =>
        {
            options.Logger = logger;
            options.MessageTemplate = MessageTemplate;
            options.GetLevel = LevelOf;
            options.EnrichDiagnosticContext = (diagnostics, context) =>
                diagnostics.Set("QueryString", context.Request.QueryString.Value ?? "");
        });

    /// <summary>The level a finished request is logged at.</summary>
    public static LogEventLevel LevelOf(HttpContext context, double elapsedMilliseconds, Exception? error)
    {
        if (error is not null || context.Response.StatusCode >= StatusCodes.Status500InternalServerError) return LogEventLevel.Error;
        return context.Request.Path.Value is "/metrics" or "/healthz" ? LogEventLevel.Debug : LogEventLevel.Information;
    }
}
