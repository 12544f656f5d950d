using System.Text.Json.Serialization;
using Syncer.Jobs;

namespace Syncer.Api;

/// <summary>The common envelope: <c>{"success":bool,"error_msg":"…"}</c>, error_msg omitted when empty (Go shape).</summary>
public sealed record ApiResult(
    [property: JsonPropertyName("success")] bool Success,
    [property: JsonPropertyName("error_msg"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? ErrorMsg = null);

/// <summary><c>/get_lag</c>: <c>lag</c> is always present (0 on failure).</summary>
public sealed record LagResult(
    [property: JsonPropertyName("success")] bool Success,
    [property: JsonPropertyName("error_msg"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? ErrorMsg,
    [property: JsonPropertyName("lag")] long Lag);

/// <summary><c>/job_status</c>: <c>status</c> only on success.</summary>
public sealed record JobStatusResult(
    [property: JsonPropertyName("success")] bool Success,
    [property: JsonPropertyName("error_msg"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? ErrorMsg,
    [property: JsonPropertyName("status"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] JobStatus? Status);

/// <summary><c>/list_jobs</c>: <c>jobs</c> omitted when there are none (Go's omitempty).</summary>
public sealed record ListJobsResult(
    [property: JsonPropertyName("success")] bool Success,
    [property: JsonPropertyName("error_msg"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? ErrorMsg,
    [property: JsonPropertyName("jobs"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<string>? Jobs);

/// <summary><c>/job_progress</c>: the progress JSON as a string; "" on failure.</summary>
public sealed record JobProgressResult(
    [property: JsonPropertyName("success")] bool Success,
    [property: JsonPropertyName("error_msg"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? ErrorMsg,
    [property: JsonPropertyName("job_progress")] string JobProgress);

/// <summary><c>/job_detail</c>: the job_info JSON as a string (passwords masked); "" on failure.</summary>
public sealed record JobDetailResult(
    [property: JsonPropertyName("success")] bool Success,
    [property: JsonPropertyName("error_msg"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? ErrorMsg,
    [property: JsonPropertyName("job_detail")] string JobDetail);

/// <summary><c>/version</c>.</summary>
public sealed record VersionResult([property: JsonPropertyName("version")] string Version);

/// <summary>One entry of <c>/features</c>: current value, and the default as the text "true"/"false" (Go shape).</summary>
public sealed record FeatureView(
    [property: JsonPropertyName("feature")] string Feature,
    [property: JsonPropertyName("value")] bool Value,
    [property: JsonPropertyName("default")] string Default);

/// <summary><c>/features</c>.</summary>
public sealed record FeaturesResult(
    [property: JsonPropertyName("success")] bool Success,
    [property: JsonPropertyName("flags")] IReadOnlyList<FeatureView> Flags);

/// <summary><c>/healthz</c>.</summary>
public sealed record HealthResult(
    [property: JsonPropertyName("success")] bool Success,
    [property: JsonPropertyName("status")] string Status,
    [property: JsonPropertyName("error_msg"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? ErrorMsg = null);
