using Microsoft.Extensions.Logging;

namespace Syncer.Observability;

/// <summary>Opens the logging scope that tags every entry written inside it with <c>job=&lt;name&gt;</c>.</summary>
public static class JobLogScope
{
    /// <summary>Begins the scope; dispose it when the job's work ends.</summary>
    public static IDisposable? Begin(ILogger logger, string jobName) =>
        logger.BeginScope(new Dictionary<string, object> { [SyncerLogFormatter.JobProperty] = jobName });
}
