using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Syncer.Jobs;

/// <summary>The JSON settings used for job_info, progress and API bodies.</summary>
public static class JobJson
{
    /// <summary>
    /// Strict where it protects data (numbers must be numbers, no trailing commas) and lenient where Go is
    /// (unknown fields ignored). Non-ASCII names are written as-is rather than \u-escaped.
    /// </summary>
    public static JsonSerializerOptions Options { get; } = new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        NumberHandling = JsonNumberHandling.Strict,
        ReadCommentHandling = JsonCommentHandling.Disallow,
        AllowTrailingCommas = false,
        // "host": null is a wrong type, not an empty host.
        RespectNullableAnnotations = true,
        // Go's encoding/json matches field names case-insensitively; so do we.
        PropertyNameCaseInsensitive = true,
    };
}
