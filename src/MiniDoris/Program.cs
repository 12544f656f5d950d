using System.Runtime.InteropServices;
using MiniDoris.Hosting;

namespace MiniDoris;

/// <summary>The minidoris executable: starts one emulated cluster and runs until SIGTERM/SIGINT.</summary>
public static class Program
{
    public static async Task<int> Main(string[] args)
    {
        // --help (or -h) asks for the usage, which is an answer and not an error: print it on stdout and exit 0.
        if (args.Any(a => a is "--help" or "-h"))
        {
            await Console.Out.WriteLineAsync(MiniDorisArguments.Usage).ConfigureAwait(false);
            return 0;
        }

        MiniDorisArguments arguments;
        try
        {
            arguments = MiniDorisArguments.Parse(args);
        }
        catch (ArgumentException e)
        {
            await Console.Error.WriteLineAsync($"minidoris: {e.Message}\n{MiniDorisArguments.Usage}").ConfigureAwait(false);
            return 2;
        }

        using var stop = new CancellationTokenSource();
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, c => { c.Cancel = true; stop.Cancel(); });
        using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, c => { c.Cancel = true; stop.Cancel(); });

        MiniDorisHost host;
        try
        {
            host = await MiniDorisHost.StartAsync(arguments, stop.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or System.Net.Sockets.SocketException or InvalidOperationException or OperationCanceledException)
        {
            await Console.Error.WriteLineAsync($"minidoris: failed to start: {e.Message}").ConfigureAwait(false);
            return 1;
        }

        await using (host.ConfigureAwait(false))
        {
            Console.Out.WriteLine(host.ReadyLine);
            await Console.Out.FlushAsync(CancellationToken.None).ConfigureAwait(false);
            try
            {
                await Task.Delay(Timeout.Infinite, stop.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // SIGTERM/SIGINT: shut down cleanly.
            }
        }

        return 0;
    }
}
