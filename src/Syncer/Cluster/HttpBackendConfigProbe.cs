using System.Text.Json;

namespace Syncer.Cluster;

/// <summary>Asks a BE's HTTP server for a configuration item (<c>GET /api/show_config?conf_item=…</c>).</summary>
public sealed class HttpBackendConfigProbe(HttpClient http) : IBackendConfigProbe
{
    /// <summary>Redirects followed (a proxy in front of a BE may send one); a loop ends as an HTTP 3xx error.</summary>
    public const int MaxRedirects = 3;

    /// <summary>
    /// The probe the service uses: no proxy (BEs are reached directly), the connect timeout for the TCP connect and
    /// connect + call timeout for the whole exchange, redirects followed up to <see cref="MaxRedirects"/>.
    /// </summary>
    public static HttpBackendConfigProbe Create(ClusterTimeouts timeouts) =>
        new(new HttpClient(new SocketsHttpHandler
        {
            ConnectTimeout = timeouts.Connect,
            UseProxy = false,
            AllowAutoRedirect = true,
            MaxAutomaticRedirections = MaxRedirects,
        })
        {
            Timeout = timeouts.Connect + timeouts.Call,
        });

    /// <inheritdoc />
    public async Task<IReadOnlyList<IReadOnlyList<string>>> ShowConfigAsync(string host, int httpPort, string item, CancellationToken cancellationToken)
    {
        var hostPart = host.Contains(':', StringComparison.Ordinal) ? $"[{host}]" : host;
        var uri = new Uri($"http://{hostPart}:{httpPort}/api/show_config?conf_item={Uri.EscapeDataString(item)}");
        using var response = await http.GetAsync(uri, cancellationToken);
        if (!response.IsSuccessStatusCode)
            throw new ClusterCheckException($"BE {host}:{httpPort} answered HTTP {(int)response.StatusCode} to /api/show_config");
        await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
        JsonDocument document;
        try
        {
            document = await JsonDocument.ParseAsync(body, cancellationToken: cancellationToken);
        }
        catch (JsonException e)
        {
            throw new ClusterCheckException($"BE {host}:{httpPort} answered /api/show_config with invalid JSON: {e.Message}", e);
        }
        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Array)
                throw new ClusterCheckException($"BE {host}:{httpPort} answered /api/show_config with {document.RootElement.ValueKind}, not a list");
            var rows = new List<IReadOnlyList<string>>();
            foreach (var row in document.RootElement.EnumerateArray())
            {
                if (row.ValueKind != JsonValueKind.Array) continue;
                rows.Add(row.EnumerateArray().Select(v => v.ValueKind == JsonValueKind.String ? v.GetString() ?? "" : v.GetRawText()).ToList());
            }
            return rows;
        }
    }
}
