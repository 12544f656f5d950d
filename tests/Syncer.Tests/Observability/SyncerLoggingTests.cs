using Microsoft.Extensions.Logging;
using Serilog.Extensions.Logging;
using Syncer.Configuration;
using Syncer.Observability;
using Syncer.Tests.Support;

namespace Syncer.Tests.Observability;

public sealed class SyncerLoggingTests
{
    [Fact]
    public void Job_entries_carry_the_job_name_and_passwords_never_reach_the_file()
    {
        using var dir = new TempDirectory();
        var options = FlagParser.Parse([$"-log_filename={dir.File("log/syncer.log")}", "-log_level=debug"], _ => null).Options;
        var redactor = new SecretRedactor();
        redactor.Register("cluster-pw-1");
        using (var serilog = SyncerLogging.Create(options, redactor))
        using (var factory = new SerilogLoggerFactory(serilog))
        {
            var logger = factory.CreateLogger("test");
            using (JobLogScope.Begin(logger, "orders_sync"))
            {
                logger.LogInformation("connecting with {Spec}", "{\"user\":\"root\",\"password\":\"cluster-pw-1\"}");
                logger.LogError(new InvalidOperationException("auth failed for password=cluster-pw-1"), "step failed");
            }
            logger.LogDebug("outside any job");
            logger.LogTrace("below the level");
        }
        var text = File.ReadAllText(dir.File("log/syncer.log"));
        Assert.DoesNotContain("cluster-pw-1", text, StringComparison.Ordinal);
        var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var connecting = Assert.Single(lines, l => l.Contains("connecting with", StringComparison.Ordinal));
        Assert.Matches(@"^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}\.\d{3} INFO connecting with .* job=orders_sync$", connecting);
        Assert.Contains(lines, l => l.Contains("ERROR step failed job=orders_sync", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("InvalidOperationException: auth failed for password=******", StringComparison.Ordinal));
        var outside = Assert.Single(lines, l => l.Contains("outside any job", StringComparison.Ordinal));
        Assert.DoesNotContain("job=", outside, StringComparison.Ordinal);
        Assert.DoesNotContain(lines, l => l.Contains("below the level", StringComparison.Ordinal));
    }

    [Fact]
    public void Console_is_used_when_no_file_is_given()
    {
        var console = new LogCapture();
        var options = FlagParser.Parse(["-log_level=info"], _ => null).Options;
        using (var serilog = SyncerLogging.Create(options, new SecretRedactor(), console))
        {
            serilog.Information("hello {Name}", "world");
            serilog.Debug("hidden");
        }
        Assert.Contains(" INFO hello world\n", console.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("hidden", console.Text, StringComparison.Ordinal);
    }
}
