using System.Net;
using System.Security.Cryptography;

namespace MiniDoris.Be;

/// <summary>
/// What a BE's HttpClient does for ingest_binlog and restore downloads: GET/HEAD with a per-call timeout, a few
/// retries one after another (Doris's execute_with_retry), and errors turned into the messages a BE reports.
/// </summary>
internal sealed class BeHttpClient
{
    /// <summary>Doris retries each download call this many times.</summary>
    public const int MaxRetry = 3;

    /// <summary>Timeout of the small meta calls (kMaxTimeoutMs in backend_service.cpp).</summary>
    public static readonly TimeSpan MetaTimeout = TimeSpan.FromSeconds(3);

    /// <summary>Timeout of a file download.</summary>
    public static readonly TimeSpan FileTimeout = TimeSpan.FromSeconds(60);

    private static readonly TimeSpan RetryPause = TimeSpan.FromMilliseconds(100);

    private readonly HttpClient _http;

    public BeHttpClient(HttpClient http)
    {
        _http = http;
    }

    /// <summary>GET returning the body; throws <see cref="BeHttpException"/> after the retries.</summary>
    public Task<byte[]> GetAsync(string url, TimeSpan timeout, CancellationToken cancellationToken) =>
        WithRetry(url, async ct =>
        {
            using var response = await Send(HttpMethod.Get, url, timeout, ct).ConfigureAwait(false);
            return await ReadOk(response, url, ct).ConfigureAwait(false);
        }, cancellationToken);

    /// <summary>HEAD returning Content-Length.</summary>
    public Task<long> HeadAsync(string url, CancellationToken cancellationToken) =>
        WithRetry(url, async ct =>
        {
            using var response = await Send(HttpMethod.Head, url, MetaTimeout, ct).ConfigureAwait(false);
            await ReadOk(response, url, ct).ConfigureAwait(false);
            return response.Content.Headers.ContentLength ?? throw new BeHttpException($"no Content-Length from {url}");
        }, cancellationToken);

    /// <summary>
    /// Downloads a file whose size a HEAD told: checks the length and, when the server sends Content-MD5, the MD5
    /// (as a Doris BE does since 2.1); a mismatch is retried like any failure.
    /// </summary>
    public Task<byte[]> DownloadAsync(string url, long expectedSize, CancellationToken cancellationToken) =>
        WithRetry(url, async ct =>
        {
            using var response = await Send(HttpMethod.Get, url, FileTimeout, ct).ConfigureAwait(false);
            var body = await ReadOk(response, url, ct).ConfigureAwait(false);
            if (body.Length != expectedSize)
            {
                throw new BeHttpException($"downloaded file size is not equal, local={body.Length}, remote={expectedSize}");
            }

            // Content-MD5 is a content header; a BE sends it as hex, which .NET does not validate as its base64 form.
            if (response.Content.Headers.NonValidated.TryGetValues("Content-MD5", out var values) && values.FirstOrDefault() is { Length: > 0 } remote)
            {
                var local = Convert.ToHexString(MD5.HashData(body)).ToLowerInvariant();
                if (!string.Equals(local, remote, StringComparison.OrdinalIgnoreCase))
                {
                    throw new BeHttpException($"download file md5 is not equal, local={local}, remote={remote}");
                }
            }

            return body;
        }, cancellationToken);

    private static async Task<byte[]> ReadOk(HttpResponseMessage response, string url, CancellationToken ct)
    {
        var body = await response.Content.ReadAsByteArrayAsync(ct).ConfigureAwait(false);
        if (response.StatusCode != HttpStatusCode.OK)
        {
            var text = System.Text.Encoding.UTF8.GetString(body);
            throw new BeHttpException($"http status code is not 200, code={(int)response.StatusCode}, url={url}, body={text}");
        }

        return body;
    }

    private async Task<HttpResponseMessage> Send(HttpMethod method, string url, TimeSpan timeout, CancellationToken ct)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
        cts.CancelAfter(timeout);
        try
        {
            using var request = new HttpRequestMessage(method, url);
            var response = await _http.SendAsync(request, HttpCompletionOption.ResponseContentRead, cts.Token).ConfigureAwait(false);
            return response;
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            throw new BeHttpException($"Timeout was reached, url={url}");
        }
        catch (HttpRequestException e)
        {
            throw new BeHttpException($"{e.Message}, url={url}");
        }
    }

    private static async Task<T> WithRetry<T>(string url, Func<CancellationToken, Task<T>> call, CancellationToken ct)
    {
        BeHttpException? last = null;
        for (var attempt = 0; attempt < MaxRetry; attempt++)
        {
            if (attempt > 0)
            {
                await Task.Delay(RetryPause, ct).ConfigureAwait(false);
            }

            try
            {
                return await call(ct).ConfigureAwait(false);
            }
            catch (BeHttpException e)
            {
                last = e;
            }
            catch (IOException e)
            {
                last = new BeHttpException($"{e.Message}, url={url}");
            }
        }

        throw last ?? new BeHttpException($"failed to call {url}");
    }
}

/// <summary>A BE-side HTTP download failure, with the message the BE reports.</summary>
internal sealed class BeHttpException : Exception
{
    public BeHttpException(string message)
        : base(message)
    {
    }

    public BeHttpException()
    {
    }

    public BeHttpException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
