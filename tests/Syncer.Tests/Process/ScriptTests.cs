using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using Syncer.Tests.Support;

namespace Syncer.Tests.Process;

/// <summary>shell/*.sh run with bash from an install directory, as an operator runs them, against real minidoris clusters.</summary>
[Trait("Category", "EndToEnd")]
public sealed class ScriptTests(MiniDorisPair doris) : IClassFixture<MiniDorisPair>, IDisposable
{
    private readonly SyncerInstall _install = new();

    public void Dispose() => _install.Dispose();

    private string PidDir => Path.Combine(_install.Home, "run");

    [Fact]
    public async Task Daemon_start_refuses_a_second_start_and_stops_cleanly()
    {
        const string password = "Daemon-Src-Pw-7";
        var user = MiniDorisCluster.UniqueName("daemon_user");
        await doris.Src.ExecuteAsync($"CREATE USER '{user}' IDENTIFIED BY '{password}'", $"GRANT ADMIN_PRIV ON *.*.* TO '{user}'");
        var db = MiniDorisCluster.UniqueName("daemon_db");
        await doris.Src.CreateDatabaseAsync(db, binlog: false, ["orders"]);
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
            var job = new { name = "daemon_job", src = doris.Src.Spec(db, "orders", user, password), dest = doris.Dest.Spec(MiniDorisCluster.UniqueName("bak"), "orders") };
            using var created = await http.PostAsJsonAsync("/create_ccr", job);
            Assert.Equal("{\"success\":true}", await created.Content.ReadAsStringAsync());
            var listed = await http.GetFromJsonAsync<JsonElement>("/list_jobs");
            Assert.Equal("daemon_job", Assert.Single(listed.GetProperty("jobs").EnumerateArray()).GetString());
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
        Assert.DoesNotContain(password, log, StringComparison.Ordinal);
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
    public async Task Stop_sends_sigkill_only_after_the_timeout()
    {
        // A process named ccr_syncer that ignores SIGTERM and blocks without children.
        var fake = Path.Combine(_install.Home, "stubborn", "ccr_syncer");
        Directory.CreateDirectory(Path.GetDirectoryName(fake)!);
        await File.WriteAllTextAsync(fake, "#!/bin/bash\ntrap '' TERM\nfifo=\"$(mktemp -u)\"; mkfifo \"$fifo\"; exec 3<>\"$fifo\"; rm -f \"$fifo\"\necho ready\nread -r -t 300 -u 3\n");
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(fake, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        using var stubborn = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo(fake) { UseShellExecute = false, RedirectStandardOutput = true })!;
        Assert.Equal("ready", await stubborn.StandardOutput.ReadLineAsync());
        Directory.CreateDirectory(PidDir);
        await File.WriteAllTextAsync(Path.Combine(PidDir, "stubborn.pid"), $"{stubborn.Id}\n");

        var stopped = await _install.RunScriptAsync("stop_syncer.sh", [$"--pid_dir={PidDir}", "--files", "stubborn.pid", "--timeout", "1"]);
        Assert.True(stopped.Succeeded, stopped.ToString());
        Assert.Contains($"process {stubborn.Id} did not stop within 1s after SIGTERM; sending SIGKILL", stopped.StandardError, StringComparison.Ordinal);
        Assert.Contains($"stopped ccr_syncer process {stubborn.Id}", stopped.StandardOutput, StringComparison.Ordinal);
        await stubborn.WaitForExitAsync();
        Assert.False(File.Exists(Path.Combine(PidDir, "stubborn.pid")));
    }

    [Fact]
    public async Task Stop_treats_a_stopped_process_its_parent_has_not_reaped_as_gone()
    {
        // A ccr_syncer whose parent never waits for it (as under a container's PID 1 that does not reap):
        // after SIGTERM it stays a zombie, which kill -0 still finds.
        var fake = Path.Combine(_install.Home, "zombie", "ccr_syncer");
        Directory.CreateDirectory(Path.GetDirectoryName(fake)!);
        await File.WriteAllTextAsync(fake, "#!/bin/bash\nfifo=\"$(mktemp -u)\"; mkfifo \"$fifo\"; exec 3<>\"$fifo\"; rm -f \"$fifo\"\necho $$ > \"$1\"\nread -r -t 300 -u 3\n");
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(fake, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        Directory.CreateDirectory(PidDir);
        var pidFile = Path.Combine(PidDir, "zombie.pid");
        using var parent = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("bash",
            ["-c", "\"$0\" \"$1\" & exec sleep 300", fake, pidFile]) { UseShellExecute = false })!;
        try
        {
            await Eventually.UntilAsync(async () => File.Exists(pidFile) && (await File.ReadAllTextAsync(pidFile)).EndsWith('\n'), TimeSpan.FromSeconds(30), "the fake to write its pid");
            var pid = int.Parse((await File.ReadAllTextAsync(pidFile)).Trim(), CultureInfo.InvariantCulture);

            var stopped = await _install.RunScriptAsync("stop_syncer.sh", [$"--pid_dir={PidDir}", "--files", "zombie.pid", "--timeout", "30"]);
            Assert.True(stopped.Succeeded, stopped.ToString());
            Assert.Contains($"stopped ccr_syncer process {pid}", stopped.StandardOutput, StringComparison.Ordinal);
            Assert.DoesNotContain("SIGKILL", stopped.StandardError, StringComparison.Ordinal);
            Assert.False(File.Exists(pidFile));
        }
        finally
        {
            parent.Kill();
        }
    }

    [Fact]
    public async Task Enable_db_binlog_enables_the_database_and_its_tables_but_not_views_and_runs_again_harmlessly()
    {
        var src = doris.Src;
        const string password = "fe-pw'\"x";
        var user = MiniDorisCluster.UniqueName("binlog_admin");
        await src.ExecuteAsync($"CREATE USER '{user}' IDENTIFIED BY '{password.Replace("'", "''", StringComparison.Ordinal)}'", $"GRANT ADMIN_PRIV ON *.*.* TO '{user}'");
        var db = MiniDorisCluster.UniqueName("shop-db");
        await src.CreateDatabaseAsync(db, binlog: false, ["already_on", "t-2", "订单"], "t-2", "订单");
        await src.ExecuteAsync($"CREATE VIEW `{db}`.`v` AS SELECT id FROM `{db}`.`t-2`");
        var viewBefore = await src.QueryColumnAsync($"SHOW CREATE TABLE `{db}`.`v`", "Create View");
        string[] args = ["-h", "127.0.0.1", "-p", src.QueryPort.ToString(CultureInfo.InvariantCulture), "-u", user, "-P", password, "-d", db];

        var first = await _install.RunScriptAsync("enable_db_binlog.sh", args);
        Assert.True(first.Succeeded, first.ToString());
        // Tables first (in the order Doris lists them), the database last.
        var lines = first.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal([$"table {db}.t-2 binlog enabled", $"table {db}.订单 binlog enabled"], lines[..^1].Order(StringComparer.Ordinal));
        Assert.Equal($"db {db} binlog enabled", lines[^1]);
        foreach (var table in new[] { "already_on", "t-2", "订单" })
        {
            var create = await src.ShowCreateTableAsync(db, table);
            Assert.Contains("\"binlog.enable\" = \"true\"", create, StringComparison.Ordinal);
            Assert.Contains("\"binlog.ttl_seconds\" = \"86400\"", create, StringComparison.Ordinal);
        }
        Assert.Contains("\"binlog.enable\" = \"true\"", await src.ShowCreateDatabaseAsync(db), StringComparison.Ordinal);
        Assert.Equal(viewBefore, await src.QueryColumnAsync($"SHOW CREATE TABLE `{db}`.`v`", "Create View"));

        // What the script prepared is what a database job needs.
        await using (var syncer = await RunningSyncer.StartAsync())
        {
            var answer = await syncer.CallAsync("/create_ccr", new { name = "after_script", src = src.Spec(db), dest = doris.Dest.Spec(MiniDorisCluster.UniqueName("bak")) });
            Assert.Equal("{\"success\":true}", answer.GetRawText());
        }

        var again = await _install.RunScriptAsync("enable_db_binlog.sh", args);
        Assert.True(again.Succeeded, again.ToString());
        Assert.Equal($"db {db} binlog is enable", again.StandardOutput.Trim());
    }

    [Fact]
    public async Task Enable_db_binlog_fails_with_exit_1_on_a_wrong_password_a_missing_database_or_no_database()
    {
        var port = doris.Src.QueryPort.ToString(CultureInfo.InvariantCulture);
        var wrong = await _install.RunScriptAsync("enable_db_binlog.sh", ["-p", port, "-P", "nope", "-d", "demo"]);
        Assert.Equal(1, wrong.ExitCode);
        Assert.Contains("Access denied for user 'root'", wrong.StandardError, StringComparison.Ordinal);
        Assert.Contains($"enable_db_binlog.sh: cannot read database demo on 127.0.0.1:{port}", wrong.StandardError, StringComparison.Ordinal);
        Assert.DoesNotContain("nope", wrong.StandardError.Replace("using password: YES", "", StringComparison.Ordinal), StringComparison.Ordinal);

        var missing = await _install.RunScriptAsync("enable_db_binlog.sh", ["-p", port, "-d", "no_such_db"]);
        Assert.Equal(1, missing.ExitCode);
        Assert.Contains("enable_db_binlog.sh: cannot read database no_such_db", missing.StandardError, StringComparison.Ordinal);

        var noDb = await _install.RunScriptAsync("enable_db_binlog.sh", ["-p", port]);
        Assert.Equal(1, noDb.ExitCode);
        Assert.Contains("-d DB is required", noDb.StandardError, StringComparison.Ordinal);
    }
}
