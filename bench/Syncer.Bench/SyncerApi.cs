using System.Net.Http.Json;
using System.Text.Json;

namespace Syncer.Bench;

/// <summary>The syncer's HTTP API, as an operator's curl would call it.</summary>
public sealed class SyncerApi(int port) : IDisposable
{
    private readonly HttpClient _http = new(new SocketsHttpHandler { UseProxy = false }) { BaseAddress = new Uri($"http://127.0.0.1:{port}/"), Timeout = TimeSpan.FromSeconds(120) };

    public async Task VersionAsync() => await _http.GetStringAsync("/version");

    /// <summary>A gauge of the syncer's <c>/metrics</c> (e.g. <c>dotnet_gc_heap_size_bytes</c>), or NaN when absent.</summary>
    public async Task<double> MetricAsync(string name)
    {
        foreach (var line in (await _http.GetStringAsync("/metrics")).Split('\n'))
        {
            if (line.StartsWith(name + " ", StringComparison.Ordinal))
                return double.Parse(line[(name.Length + 1)..], System.Globalization.CultureInfo.InvariantCulture);
        }
        return double.NaN;
    }

    public async Task<JsonElement> CallAsync(string path, object body)
    {
        using var response = await _http.PostAsJsonAsync(path, body);
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    public async Task CreateAsync(string name, object src, object dest)
    {
        var answer = await CallAsync("/create_ccr", new { name, src, dest });
        if (!answer.GetProperty("success").GetBoolean()) throw new InvalidOperationException($"create_ccr {name}: {answer}");
    }

    /// <summary>The lag, or null when the FE cannot tell yet (e.g. no binlog for the table).</summary>
    public async Task<long?> LagAsync(string name)
    {
        var answer = await CallAsync("/get_lag", new { name });
        return answer.GetProperty("success").GetBoolean() ? answer.GetProperty("lag").GetInt64() : null;
    }

    public async Task<string> ProgressStateAsync(string name)
    {
        var answer = await CallAsync("/job_status", new { name });
        return answer.TryGetProperty("status", out var s) ? s.GetProperty("progress_state").GetString() ?? "" : "";
    }

    /// <summary>The job's persisted prev_commit_seq (read from the syncer's store only: no call to either cluster).</summary>
    public async Task<long> PrevCommitSeqAsync(string name)
    {
        var answer = await CallAsync("/job_status", new { name });
        return answer.TryGetProperty("status", out var s) && s.TryGetProperty("prev_commit_seq", out var seq) && seq.ValueKind == JsonValueKind.Number
            ? seq.GetInt64() : 0;
    }

    public async Task PauseAsync(string name) => await CallAsync("/pause", new { name });

    public async Task ResumeAsync(string name) => await CallAsync("/resume", new { name });

    public void Dispose() => _http.Dispose();
}
