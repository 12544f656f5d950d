using Syncer.TestSupport;

namespace Syncer.Tests.Support;

/// <summary>POSIX signals for processes the tests started (Process.Kill only sends SIGKILL), through the kill command.</summary>
public static class Signals
{
    public static async Task SendAsync(int pid, string signal)
    {
        var result = await ProcessRunner.RunAsync("kill", ["-s", signal, pid.ToString(System.Globalization.CultureInfo.InvariantCulture)], TimeSpan.FromSeconds(10));
        if (!result.Succeeded) throw new InvalidOperationException($"kill -s {signal} {pid} failed: {result}");
    }

    /// <summary>Whether a process with that id exists (and is not a zombie).</summary>
    public static bool IsAlive(int pid)
    {
        var status = $"/proc/{pid}/status";
        if (!File.Exists(status)) return false;
        try
        {
            return !File.ReadAllText(status).Contains("State:\tZ", StringComparison.Ordinal);
        }
        catch (IOException)
        {
            return false;
        }
    }
}
