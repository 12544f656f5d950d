using System.Globalization;
using Syncer.TestSupport;
using Syncer.Tests.Store;
using Syncer.Tests.Support;

namespace Syncer.Tests.Process;

/// <summary>start_syncer.sh with the MySQL store: the store password reaches the process but neither its command line nor its log.</summary>
[Collection(MariaDbCollection.Name)]
public sealed class MySqlStoreScriptTests(MariaDbServer server) : IDisposable
{
    private readonly SyncerInstall _install = new();

    public void Dispose() => _install.Dispose();

    [Fact]
    public async Task Db_password_stays_out_of_ps_and_the_log()
    {
        await server.ExecuteAsRootAsync("DROP DATABASE IF EXISTS ccr");
        var port = TestPorts.GetFree();
        var pidDir = Path.Combine(_install.Home, "run");
        var started = await _install.RunScriptAsync("start_syncer.sh",
        [
            "--daemon", $"--port={port}", $"--pid_dir={pidDir}", "--db_type", "mysql", "--db_host", server.Host,
            "--db_port", server.Port.ToString(CultureInfo.InvariantCulture), "--db_user", MariaDbServer.User, "--db_password", MariaDbServer.Password,
            "--", "-bind_address=127.0.0.1",
        ]);
        Assert.True(started.Succeeded, started.ToString());
        var pid = int.Parse((await File.ReadAllTextAsync(Path.Combine(pidDir, $"127.0.0.1_{port}.pid"))).Trim(), CultureInfo.InvariantCulture);
        try
        {
            var commandLine = (await File.ReadAllTextAsync($"/proc/{pid}/cmdline")).Replace('\0', ' ');
            Assert.Contains("-db_type=mysql", commandLine, StringComparison.Ordinal);
            Assert.DoesNotContain(MariaDbServer.Password, commandLine, StringComparison.Ordinal);
            Assert.Contains($"127.0.0.1:{port}", await server.ExecuteAsRootAsync("SELECT host_info FROM ccr.syncers"), StringComparison.Ordinal);
        }
        finally
        {
            var stopped = await _install.RunScriptAsync("stop_syncer.sh", [$"--pid_dir={pidDir}"]);
            Assert.True(stopped.Succeeded, stopped.ToString());
        }
        var log = await File.ReadAllTextAsync(Path.Combine(_install.Home, "log", $"127.0.0.1_{port}.log"));
        Assert.Contains("job store mysql 127.0.0.1:", log, StringComparison.Ordinal);
        Assert.DoesNotContain(MariaDbServer.Password, log, StringComparison.Ordinal);
    }
}
