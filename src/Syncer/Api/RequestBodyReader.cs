using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Syncer.Jobs;

namespace Syncer.Api;

/// <summary>
/// Reads a JSON request body. Malformed JSON or a value of the wrong type is a <see cref="BadRequestBodyException"/>
/// (HTTP 400) whose message names the offending path, a body over <see cref="MaxBodyBytes"/> one with HTTP 413; an
/// empty body reads as null (the caller supplies the default) so that <c>curl -X POST …/list_jobs</c> works as with
/// the Go syncer.
/// </summary>
public static class RequestBodyReader
{
    /// <summary>Largest accepted body; a create_ccr request is well under 4 KiB.</summary>
    public const int MaxBodyBytes = 1 << 20;

    /// <summary>Reads and parses the body, or returns null for an empty body.</summary>
    public static async Task<T?> ReadAsync<T>(HttpRequest request, CancellationToken cancellationToken) where T : class
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[8192];
        int read;
        try
        {
            while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
            {
                if (buffer.Length + read > MaxBodyBytes) throw TooLarge(null);
                buffer.Write(chunk, 0, read);
            }
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            // Kestrel's own limit (the same size) refused a body whose Content-Length announced more.
            throw TooLarge(e);
        }
        if (buffer.Length == 0 || buffer.ToArray().All(b => b is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n')) return null;
        try
        {
            return JsonSerializer.Deserialize<T>(buffer.GetBuffer().AsSpan(0, (int)buffer.Length), JobJson.Options);
        }
        catch (JsonException e)
        {
            throw new BadRequestBodyException(Describe(e), e);
        }
    }

    private static BadRequestBodyException TooLarge(Exception? inner) =>
        new($"request body is larger than {MaxBodyBytes} bytes", inner, StatusCodes.Status413PayloadTooLarge);

    private static string Describe(JsonException e)
    {
        var path = string.IsNullOrEmpty(e.Path) || e.Path == "$" ? "" : $" at {e.Path}";
        // System.Text.Json messages for type mismatches name CLR types; say what the client must send instead.
        var message = e.Message;
        if (message.Contains("could not be converted to System.String", StringComparison.Ordinal)) message = "expected a string";
        else if (message.Contains("could not be converted to System.Boolean", StringComparison.Ordinal)) message = "expected true or false";
        else if (message.Contains("could not be converted to System.Int64", StringComparison.Ordinal)) message = "expected an integer";
        // Checked before the null test below, which would read the "Nullable" of the type name as a null value.
        else if (message.Contains("could not be converted to System.Nullable`1[System.Int64]", StringComparison.Ordinal))
            message = "the value is not a number: expected an integer (digits, quoted or not)";
        else if (message.Contains("could not be converted to Syncer.", StringComparison.Ordinal)) message = "expected an object";
        else if (message.Contains("null", StringComparison.OrdinalIgnoreCase) && message.Contains("nullab", StringComparison.OrdinalIgnoreCase)) message = "null is not allowed";
        else
        {
            var cut = message.IndexOf(" Path:", StringComparison.Ordinal);
            if (cut > 0) message = message[..cut];
        }
        return $"invalid JSON request body{path}: {message}";
    }
}
