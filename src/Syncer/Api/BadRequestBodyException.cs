namespace Syncer.Api;

/// <summary>The request body is not acceptable JSON for the endpoint (answered with HTTP 400).</summary>
public sealed class BadRequestBodyException(string message, Exception? inner = null) : Exception(message, inner);
