using System.Diagnostics;
using Syncer.TestSupport;

namespace Syncer.Tests.Support;

/// <summary>
/// An install directory laid out as build.sh lays out bin/: the scripts from shell/ and the ccr_syncer
/// executable (a link to the one built next to the tests), plus db/ and log/. Scripts run with bash as a user would.
/// </summary>
public sealed class SyncerInstall : IDisposable
{
    private readonly TempDirectory _root = new();

    public SyncerInstall()
    {
        Directory.CreateDirectory(Bin);
        Directory.CreateDirectory(Path.Combine(Home, "db"));
        Directory.CreateDirectory(Path.Combine(Home, "log"));
        foreach (var script in Directory.GetFiles(ShellDirectory(), "*.sh")) File.Copy(script, Path.Combine(Bin, Path.GetFileName(script)));
        File.CreateSymbolicLink(Path.Combine(Bin, "ccr_syncer"), Path.Combine(AppContext.BaseDirectory, "ccr_syncer"));
    }

    public string Home => _root.Path;

    public string Bin => Path.Combine(Home, "bin");

    public Task<ProcessResult> RunScriptAsync(string script, IEnumerable<string> arguments, IReadOnlyDictionary<string, string>? environment = null) =>
        ProcessRunner.RunAsync("bash", [Path.Combine(Bin, script), .. arguments], TimeSpan.FromMinutes(2), environment: environment);

    /// <summary>Runs the executable directly (as bin/ccr_syncer).</summary>
    public Task<ProcessResult> RunBinaryAsync(params string[] arguments) =>
        ProcessRunner.RunAsync(Path.Combine(Bin, "ccr_syncer"), arguments, TimeSpan.FromMinutes(1));

    /// <summary>Starts the executable without waiting for it.</summary>
    public System.Diagnostics.Process StartBinary(params string[] arguments)
    {
        var info = new ProcessStartInfo(Path.Combine(Bin, "ccr_syncer")) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments) info.ArgumentList.Add(argument);
        return System.Diagnostics.Process.Start(info)!;
    }

    /// <summary>
    /// Starts the executable on <paramref name="port"/> with this install's store (db/ccr.db) and log, and waits until it
    /// answers /healthz: a restart with the same port finds the same jobs, as an operator's restart would.
    /// </summary>
    public async Task<System.Diagnostics.Process> StartServingAsync(int port)
    {
        var process = StartBinary($"-port={port}", "-bind_address=127.0.0.1", $"-db_dir={Home}/db/ccr.db",
            $"-log_filename={Home}/log/ccr_syncer.log", "-log_level=info");
        await Eventually.UntilHealthyAsync(new Uri($"http://127.0.0.1:{port}/healthz"), TimeSpan.FromSeconds(30));
        return process;
    }

    public void Dispose() => _root.Dispose();

    private static string ShellDirectory()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var shell = Path.Combine(dir.FullName, "shell");
            if (File.Exists(Path.Combine(shell, "start_syncer.sh"))) return shell;
        }
        throw new InvalidOperationException("cannot find the repository's shell/ directory above " + AppContext.BaseDirectory);
    }
}
