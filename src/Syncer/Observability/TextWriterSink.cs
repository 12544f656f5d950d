using Serilog.Core;
using Serilog.Events;
using Serilog.Formatting;

namespace Syncer.Observability;

/// <summary>Writes formatted log lines to a <see cref="TextWriter"/> (used when the console is replaced, e.g. in tests).</summary>
public sealed class TextWriterSink(ITextFormatter formatter, TextWriter output) : ILogEventSink
{
    private readonly Lock _gate = new();

    /// <inheritdoc />
    public void Emit(LogEvent logEvent)
    {
        lock (_gate)
        {
            formatter.Format(logEvent, output);
            output.Flush();
        }
    }
}
