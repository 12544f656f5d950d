using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using Syncer.Tests.Support;

namespace Syncer.Tests.Process;

/// <summary>shell/*.sh run with bash from an install directory, as an operator runs them.</summary>
public sealed class ScriptTests : IDisposable
{
    private readonly SyncerInstall _install = new();

    public void Dispose() => _install.Dispose();

    private string PidDir => Path.Combine(_install.Home, "run");

    [Fact]
    public async Task Daemon_start_refuses_a_second_start_and_stops_cleanly()
    {
        await using var doris = await DorisPair.StartAsync();
        var port = TestPorts.GetFree();
        string[] start = ["--daemon", "--port", port.ToString(CultureInfo.InvariantCulture), $"--pid_dir={PidDir}", "--", "-bind_address=127.0.0.1"];
        var started = await _install.RunScriptAsync("start_syncer.sh", start);
        Assert.True(started.Succeeded, started.ToString());
        var pidFile = Path.Combine(PidDir, $"127.0.0.1_{port}.pid");
        var pid = int.Parse((await File.ReadAllTextAsync(pidFile)).Trim(), CultureInfo.InvariantCulture);
        Assert.Contains($"ccr_syncer started as process {pid}", started.StandardOutput, StringComparison.Ordinal);
        Assert.Equal("ccr_syncer", (await File.ReadAllTextAsync($"/proc/{pid}/comm")).Trim());

        using (var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/") })
        {
            using var created = await http.PostAsJsonAsync("/create_ccr", doris.TableJob("daemon_job"));
            var answer = await created.Content.ReadFromJsonAsync<JsonElement>();
            Assert.True(answer.GetProperty("success").GetBoolean(), answer.ToString());
        }

        var second = await _install.RunScriptAsync("start_syncer.sh", start);
        Assert.Equal(1, second.ExitCode);
        Assert.Contains($"Syncer running as process {pid}. Stop it first.", second.StandardError, StringComparison.Ordinal);
        Assert.True(Signals.IsAlive(pid));

        var stopped = await _install.RunScriptAsync("stop_syncer.sh", [$"--pid_dir={PidDir}", "--port", port.ToString(CultureInfo.InvariantCulture)]);
        Assert.True(stopped.Succeeded, stopped.ToString());
        Assert.Contains($"stopped ccr_syncer process {pid}", stopped.StandardOutput, StringComparison.Ordinal);
        Assert.False(File.Exists(pidFile));
        Assert.False(Signals.IsAlive(pid));

        var log = await File.ReadAllTextAsync(Path.Combine(_install.Home, "log", $"127.0.0.1_{port}.log"));
        Assert.Contains("start time: ", log, StringComparison.Ordinal);
        Assert.Contains("INFO created job", log, StringComparison.Ordinal);
        Assert.Contains("job=daemon_job", log, StringComparison.Ordinal);
        Assert.Contains("INFO ccr_syncer stopped", log, StringComparison.Ordinal);
        Assert.DoesNotContain(doris.Src.Password, log, StringComparison.Ordinal);
        Assert.DoesNotContain(doris.Dest.Password, log, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(_install.Home, "db", "ccr.db")));
    }

    [Fact]
    public async Task A_stale_pid_file_is_removed_on_start()
    {
        var port = TestPorts.GetFree();
        Directory.CreateDirectory(PidDir);
        var pidFile = Path.Combine(PidDir, $"127.0.0.1_{port}.pid");
        await File.WriteAllTextAsync(pidFile, "2147483\n");
        var started = await _install.RunScriptAsync("start_syncer.sh",
            ["--daemon", $"--port={port}", $"--pid_dir={PidDir}", "--log_level", "debug", "--", "-bind_address=127.0.0.1"]);
        Assert.True(started.Succeeded, started.ToString());
        Assert.Contains($"removing stale pid file {pidFile}", started.StandardOutput, StringComparison.Ordinal);
        Assert.NotEqual("2147483", (await File.ReadAllTextAsync(pidFile)).Trim());
        var stopped = await _install.RunScriptAsync("stop_syncer.sh", [$"--pid_dir={PidDir}"]);
        Assert.True(stopped.Succeeded, stopped.ToString());
        Assert.False(File.Exists(pidFile));
    }

    [Fact]
    public async Task A_start_that_fails_reports_it_and_leaves_no_pid_file()
    {
        var port = TestPorts.GetFree();
        var started = await _install.RunScriptAsync("start_syncer.sh", ["--daemon", $"--port={port}", $"--pid_dir={PidDir}", "--", "-no_such_flag"]);
        Assert.Equal(1, started.ExitCode);
        Assert.Contains("ccr_syncer exited during start-up", started.StandardError, StringComparison.Ordinal);
        Assert.Contains("flag provided but not defined: -no_such_flag", started.StandardError, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(PidDir, $"127.0.0.1_{port}.pid")));
    }

    [Fact]
    public async Task Scripts_reject_bad_options()
    {
        var sqliteUser = await _install.RunScriptAsync("start_syncer.sh", ["--db_user", "root"]);
        Assert.Equal(1, sqliteUser.ExitCode);
        Assert.Contains("--db_user is for the mysql store", sqliteUser.StandardError, StringComparison.Ordinal);
        var unknown = await _install.RunScriptAsync("start_syncer.sh", ["--bogus"]);
        Assert.Equal(1, unknown.ExitCode);
        Assert.Contains("unknown option: --bogus", unknown.StandardError, StringComparison.Ordinal);
        var noPid = await _install.RunScriptAsync("stop_syncer.sh", [$"--pid_dir={_install.Home}"]);
        Assert.Equal(1, noPid.ExitCode);
        Assert.Contains($"no pid file in {_install.Home}", noPid.StandardError, StringComparison.Ordinal);
        var missing = await _install.RunScriptAsync("stop_syncer.sh", [$"--pid_dir={_install.Home}", "--port", "1"]);
        Assert.Equal(1, missing.ExitCode);
        Assert.Contains("127.0.0.1_1.pid does not exist", missing.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Stop_refuses_a_pid_that_is_not_ccr_syncer()
    {
        using var other = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("sleep", "300") { UseShellExecute = false })!;
        try
        {
            await File.WriteAllTextAsync(Path.Combine(_install.Home, "x.pid"), other.Id.ToString(CultureInfo.InvariantCulture));
            var result = await _install.RunScriptAsync("stop_syncer.sh", [$"--pid_dir={_install.Home}", "--files", "x.pid"]);
            Assert.Equal(1, result.ExitCode);
            Assert.Contains("is sleep, not ccr_syncer", result.StandardError, StringComparison.Ordinal);
            Assert.True(Signals.IsAlive(other.Id));
        }
        finally
        {
            other.Kill();
        }
    }

    [Fact]
    public async Task Enable_db_binlog_enables_tables_and_database_but_not_views()
    {
        await using var doris = await ScriptedDorisServer.StartAsync("fe-pw'\"x");
        var cluster = doris.Cluster;
        cluster.AddDatabase("shop`db", binlog: false);
        var on = cluster.AddTable("shop`db", "already_on");
        var off = cluster.AddTable("shop`db", "t-2", binlog: false);
        cluster.AddTable("shop`db", "v", isView: true);
        string[] args = ["-h", "127.0.0.1", "-p", doris.Port.ToString(CultureInfo.InvariantCulture), "-u", "root", "-P", "fe-pw'\"x", "-d", "shop`db"];

        var first = await _install.RunScriptAsync("enable_db_binlog.sh", args);
        Assert.True(first.Succeeded, first.ToString());
        Assert.True(off.BinlogEnabled);
        Assert.True(on.BinlogEnabled);
        Assert.True(cluster.Databases["shop`db"].BinlogEnabled);
        Assert.Contains("table shop`db.t-2 binlog enabled", first.StandardOutput, StringComparison.Ordinal);
        Assert.DoesNotContain("already_on", first.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("ALTER TABLE `shop``db`.`t-2` SET (\"binlog.enable\" = \"true\", \"binlog.ttl_seconds\" = \"86400\")", cluster.Statements);
        Assert.DoesNotContain(cluster.Statements, s => s.StartsWith("ALTER TABLE", StringComparison.Ordinal) && s.Contains("`v`", StringComparison.Ordinal));

        var again = await _install.RunScriptAsync("enable_db_binlog.sh", args);
        Assert.True(again.Succeeded, again.ToString());
        Assert.Equal("db shop`db binlog is enable", again.StandardOutput.Trim());

        var wrong = await _install.RunScriptAsync("enable_db_binlog.sh", ["-p", doris.Port.ToString(CultureInfo.InvariantCulture), "-P", "nope", "-d", "shop`db"]);
        Assert.Equal(1, wrong.ExitCode);
        var noDb = await _install.RunScriptAsync("enable_db_binlog.sh", ["-p", "1"]);
        Assert.Equal(1, noDb.ExitCode);
        Assert.Contains("-d DB is required", noDb.StandardError, StringComparison.Ordinal);
    }
}
