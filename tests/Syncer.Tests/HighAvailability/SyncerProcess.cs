using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Syncer.TestSupport;
using Syncer.Tests.Support;

namespace Syncer.Tests.HighAvailability;

/// <summary>
/// One real ccr_syncer process (bin/ccr_syncer of a <see cref="SyncerInstall"/>) on the MySQL store, started as an
/// operator starts it, with short lease flags so high-availability tests run in seconds. Its output is captured.
/// </summary>
public sealed class SyncerProcess : IAsyncDisposable
{
    private readonly System.Diagnostics.Process _process;
    private readonly StringBuilder _output = new();

    private SyncerProcess(System.Diagnostics.Process process, int port)
    {
        _process = process;
        Port = port;
        Http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/"), Timeout = TimeSpan.FromSeconds(30) };
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public int Port { get; }

    public string Identity => $"127.0.0.1:{Port}";

    public int Pid => _process.Id;

    public HttpClient Http { get; }

    public string Output
    {
        get
        {
            lock (_output) return _output.ToString();
        }
    }

    /// <summary>Starts an instance on a free port and waits until /healthz answers.</summary>
    public static async Task<SyncerProcess> StartAsync(SyncerInstall install, MariaDbServer db, string keyFile, string checkInterval = "200ms",
        string lease = "1s")
    {
        for (var attempt = 1; ; attempt++)
        {
            var port = TestPorts.GetFree();
            var info = new ProcessStartInfo(Path.Combine(install.Bin, "ccr_syncer"))
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            foreach (var argument in new[]
                     {
                         "-host=127.0.0.1", $"-port={port}", "-bind_address=127.0.0.1", "-db_type=mysql", $"-db_host={db.Host}",
                         $"-db_port={db.Port.ToString(CultureInfo.InvariantCulture)}", $"-db_user={MariaDbServer.User}", $"-key_file={keyFile}",
                         "-log_level=info", "-connect_timeout=10s", "-rpc_timeout=10s", $"-ha_check_interval={checkInterval}", $"-ha_lease={lease}",
                     })
                info.ArgumentList.Add(argument);
            info.Environment["CCR_SYNCER_DB_PASSWORD"] = MariaDbServer.Password;
            var instance = new SyncerProcess(System.Diagnostics.Process.Start(info)!, port);
            try
            {
                await Eventually.UntilAsync(async () =>
                {
                    if (instance._process.HasExited) throw new InvalidOperationException($"ccr_syncer exited: {instance.Output}");
                    try
                    {
                        using var response = await instance.Http.GetAsync("/healthz");
                        return response.IsSuccessStatusCode;
                    }
                    catch (HttpRequestException)
                    {
                        return false;
                    }
                }, TimeSpan.FromSeconds(60), $"ccr_syncer on port {port} to answer /healthz");
                return instance;
            }
            catch (InvalidOperationException) when (attempt < 3 && instance.Output.Contains("address already in use", StringComparison.OrdinalIgnoreCase))
            {
                await instance.DisposeAsync();
            }
        }
    }

    /// <summary>GET a JSON answer.</summary>
    public async Task<JsonElement> GetAsync(string path) => await Http.GetFromJsonAsync<JsonElement>(path);

    /// <summary>POST a JSON body, asserting a JSON success answer.</summary>
    public async Task<JsonElement> CallAsync(string path, object body)
    {
        using var response = await Http.PostAsJsonAsync(path, body);
        var answer = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(answer.GetProperty("success").GetBoolean(), $"{path}: {answer}\n{Output}");
        return answer;
    }

    /// <summary>Job name → (owner, epoch), from this instance's /list_jobs.</summary>
    public async Task<Dictionary<string, (string Owner, long Epoch)>> OwnersAsync()
    {
        var listed = await GetAsync("/list_jobs");
        var owners = new Dictionary<string, (string, long)>(StringComparer.Ordinal);
        if (!listed.TryGetProperty("job_owners", out var jobs)) return owners;
        foreach (var job in jobs.EnumerateArray())
            owners[job.GetProperty("name").GetString()!] = (job.GetProperty("owner").GetString()!, job.GetProperty("epoch").GetInt64());
        return owners;
    }

    public Task SignalAsync(string signal) => Signals.SendAsync(Pid, signal);

    public bool HasExited => _process.HasExited;

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            try
            {
                // A stopped process must be continued before it can handle SIGTERM.
                await Signals.SendAsync(Pid, "CONT");
                await Signals.SendAsync(Pid, "TERM");
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
                await _process.WaitForExitAsync(timeout.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or InvalidOperationException)
            {
                _process.Kill();
            }
        }
        Http.Dispose();
        _process.Dispose();
    }

    private void Append(string? line)
    {
        if (line is null) return;
        lock (_output) _output.Append(line).Append('\n');
    }
}
