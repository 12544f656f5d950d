using System.Text.Json.Serialization;

namespace Syncer.Api;

/// <summary>The common envelope: <c>{"success":bool,"error_msg":"…"}</c>, error_msg omitted when empty (Go shape).</summary>
public sealed record ApiResult(
    [property: JsonPropertyName("success")] bool Success,
    [property: JsonPropertyName("error_msg"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? ErrorMsg = null);
