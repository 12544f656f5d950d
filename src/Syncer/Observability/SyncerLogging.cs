using Serilog;
using Serilog.Core;
using Serilog.Events;
using Syncer.Configuration;

namespace Syncer.Observability;

/// <summary>
/// Builds the Serilog logger from the flags: the console when no log file is given (foreground runs), a
/// size-rolled file when <c>-log_filename</c> is set (optionally copied to stderr). Every sink writes
/// through <see cref="SyncerLogFormatter"/>, so every line is redacted.
/// </summary>
public static class SyncerLogging
{
    /// <summary>The Go syncer rotates at 1 GiB and keeps 30 files; the same limits apply here.</summary>
    private const long FileSizeLimitBytes = 1L << 30;
    private const int RetainedFiles = 30;

    /// <summary>Creates the root logger. <paramref name="console"/> replaces standard output (tests pass a writer).</summary>
    public static Logger Create(SyncerOptions options, SecretRedactor redactor, TextWriter? console = null)
    {
        var formatter = new SyncerLogFormatter(redactor);
        var config = new LoggerConfiguration()
            .MinimumLevel.Is(options.LogLevel)
            // Framework chatter (per-request lines) would drown the job lines at trace level.
            .MinimumLevel.Override("Microsoft", LogEventLevel.Warning)
            .MinimumLevel.Override("System", LogEventLevel.Warning)
            .Enrich.FromLogContext();
        if (options.LogFilename.Length == 0)
        {
            if (console is null) config.WriteTo.Console(formatter);
            else config.WriteTo.Sink(new TextWriterSink(formatter, console));
        }
        else
        {
            var directory = Path.GetDirectoryName(Path.GetFullPath(options.LogFilename));
            if (!string.IsNullOrEmpty(directory)) Directory.CreateDirectory(directory);
            config.WriteTo.File(formatter, options.LogFilename, fileSizeLimitBytes: FileSizeLimitBytes,
                rollOnFileSizeLimit: true, retainedFileCountLimit: RetainedFiles, shared: true);
            if (options.LogAlsoToStderr) config.WriteTo.Console(formatter, standardErrorFromLevel: LogEventLevel.Verbose);
        }
        return config.CreateLogger();
    }
}
