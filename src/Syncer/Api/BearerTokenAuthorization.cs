using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Syncer.Api;

/// <summary>
/// With <c>-api_token</c> set, every endpoint except <c>/healthz</c> and <c>/metrics</c> (probes and scrapers)
/// requires <c>Authorization: Bearer &lt;token&gt;</c>; anything else gets 401 with the JSON envelope.
/// The comparison takes the same time whatever the mismatch, so the token cannot be guessed byte by byte.
/// </summary>
public static class BearerTokenAuthorization
{
    /// <summary>Paths reachable without the token.</summary>
    public static readonly IReadOnlySet<string> OpenPaths = new HashSet<string>(StringComparer.Ordinal) { "/healthz", "/metrics" };

    /// <summary>Adds the check to the pipeline when <paramref name="token"/> is non-empty.</summary>
    public static void UseBearerToken(this WebApplication app, string token)
    {
        if (token.Length == 0) return;
        var expected = SHA256.HashData(Encoding.UTF8.GetBytes(token));
        app.Use(async (context, next) =>
        {
            if (OpenPaths.Contains(context.Request.Path.Value ?? "") || IsAuthorized(context.Request, expected))
            {
                await next(context);
                return;
            }
            context.Response.StatusCode = StatusCodes.Status401Unauthorized;
            context.Response.Headers.WWWAuthenticate = "Bearer";
            await context.Response.WriteAsJsonAsync(
                new ApiResult(false, "unauthorized: this syncer requires the header 'Authorization: Bearer <token>' (-api_token)"),
                Jobs.JobJson.Options, context.RequestAborted);
        });
    }

    private static bool IsAuthorized(HttpRequest request, byte[] expectedHash)
    {
        var header = request.Headers.Authorization.ToString();
        const string scheme = "Bearer ";
        if (!header.StartsWith(scheme, StringComparison.OrdinalIgnoreCase)) return false;
        // Comparing fixed-length hashes keeps the time independent of the token's length and content.
        var presented = SHA256.HashData(Encoding.UTF8.GetBytes(header[scheme.Length..].Trim()));
        return CryptographicOperations.FixedTimeEquals(presented, expectedHash);
    }
}
