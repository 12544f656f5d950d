using System.Globalization;
using Serilog.Events;
using Serilog.Formatting;
using Serilog.Parsing;

namespace Syncer.Observability;

/// <summary>
/// Renders one log line as <c>2024-10-24 12:00:00.123 INFO message job=&lt;name&gt;</c> (the Go syncer's
/// millisecond timestamp and level column), then passes the whole line, exception included, through the
/// <see cref="SecretRedactor"/>: redaction happens on the final text, so no property, exception message
/// or structured value can carry a password past it.
/// </summary>
public sealed class SyncerLogFormatter(SecretRedactor redactor) : ITextFormatter
{
    /// <summary>The property that names the job an entry belongs to.</summary>
    public const string JobProperty = "job";

    /// <inheritdoc />
    public void Format(LogEvent logEvent, TextWriter output)
    {
        var line = new StringWriter(CultureInfo.InvariantCulture);
        line.Write(logEvent.Timestamp.ToString("yyyy-MM-dd HH:mm:ss.fff", CultureInfo.InvariantCulture));
        line.Write(' ');
        line.Write(LevelName(logEvent.Level));
        line.Write(' ');
        foreach (var token in logEvent.MessageTemplate.Tokens)
        {
            if (token is TextToken text)
            {
                line.Write(text.Text);
            }
            else if (token is PropertyToken property)
            {
                if (!logEvent.Properties.TryGetValue(property.PropertyName, out var value)) line.Write(property.ToString());
                else if (value is ScalarValue { Value: string s }) line.Write(s);
                else value.Render(line, property.Format, CultureInfo.InvariantCulture);
            }
        }
        if (logEvent.Properties.TryGetValue(JobProperty, out var job))
        {
            line.Write(" job=");
            line.Write(job is ScalarValue { Value: string name } ? name : job.ToString());
        }
        if (logEvent.Exception is not null)
        {
            line.Write('\n');
            line.Write(logEvent.Exception.ToString());
        }
        output.Write(redactor.Redact(line.ToString()));
        output.Write('\n');
    }

    private static string LevelName(LogEventLevel level) => level switch
    {
        LogEventLevel.Verbose => "TRACE",
        LogEventLevel.Debug => "DEBUG",
        LogEventLevel.Information => "INFO",
        LogEventLevel.Warning => "WARN",
        LogEventLevel.Error => "ERROR",
        _ => "FATAL",
    };
}
