using Microsoft.AspNetCore.Http;

namespace Syncer.Api;

/// <summary>The request body is not acceptable for the endpoint: HTTP 400, or 413 when it is too large.</summary>
public sealed class BadRequestBodyException(string message, Exception? inner = null, int statusCode = StatusCodes.Status400BadRequest)
    : Exception(message, inner)
{
    /// <summary>The HTTP status to answer with.</summary>
    public int StatusCode { get; } = statusCode;
}
