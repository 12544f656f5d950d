using System.Runtime.InteropServices;
using Syncer.Configuration;
using Syncer.Observability;

namespace Syncer;

/// <summary>
/// The process: flags, logging, start, wait for SIGTERM/SIGINT/SIGQUIT, stop, flush. Exit codes: 0 after a clean
/// stop (or -help/-version), 1 when the service cannot start, 2 for a bad command line.
/// </summary>
public static class SyncerProgram
{
    /// <summary>Runs the syncer until it is told to stop.</summary>
    public static async Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr, SyncerAppDependencies? dependencies = null)
    {
        FlagParseResult parsed;
        try
        {
            parsed = FlagParser.Parse(args);
        }
        catch (FlagParseException e)
        {
            await stderr.WriteLineAsync($"ccr_syncer: {e.Message}");
            return 2;
        }
        if (parsed.HelpRequested)
        {
            await stdout.WriteAsync(FlagParser.Usage());
            return 0;
        }
        var options = parsed.Options;
        if (options.ShowVersion)
        {
            await stdout.WriteLineAsync(SyncerVersion.Text);
            return 0;
        }

        var redactor = new SecretRedactor();
        redactor.Register(options.DbPassword);
        redactor.Register(options.ApiToken);
        dependencies ??= new SyncerAppDependencies();
        var logger = SyncerLogging.Create(options, redactor, dependencies.Console);
        try
        {
            SyncerService service;
            try
            {
                service = await SyncerService.StartAsync(options, logger, redactor, dependencies, CancellationToken.None);
            }
            catch (Exception e)
            {
                logger.Fatal(e, "ccr_syncer cannot start: {Reason}", e.Message);
                await stderr.WriteLineAsync(redactor.Redact($"ccr_syncer: cannot start: {e.Message}"));
                return 1;
            }
            // SIGTERM, SIGINT and SIGQUIT stop the host; SIGHUP (a closed terminal) is logged and ignored, as by the Go syncer.
            using var hangup = PosixSignalRegistration.Create(PosixSignal.SIGHUP, context =>
            {
                context.Cancel = true;
                logger.Information("received SIGHUP; ignored (stop with SIGTERM or SIGINT)");
            });
            await using (service)
            {
                await service.WaitForShutdownAsync(CancellationToken.None);
                logger.Information("ccr_syncer stopped");
            }
            return 0;
        }
        finally
        {
            await logger.DisposeAsync();
        }
    }
}
