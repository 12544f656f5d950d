using System.Text.Json.Serialization;

namespace Syncer.Api;

/// <summary>The body of every job-scoped endpoint: <c>{"name": "…"}</c>.</summary>
public record JobNameRequest
{
    /// <summary>Job name.</summary>
    [JsonPropertyName("name")] public string? Name { get; init; }
}

/// <summary><c>/update_job</c>: <c>{"name", "skip_error"}</c>.</summary>
public sealed record UpdateJobRequest : JobNameRequest
{
    /// <summary>New skip_error; required (null means the caller did not send it).</summary>
    [JsonPropertyName("skip_error")] public bool? SkipError { get; init; }
}

/// <summary><c>/job_skip_binlog</c>: <c>{"name", "commit_seq"}</c>; commit_seq may be a number or a numeric string.</summary>
public sealed record SkipBinlogRequest : JobNameRequest
{
    /// <summary>Commit seq of the binlog to skip.</summary>
    [JsonPropertyName("commit_seq"), JsonNumberHandling(JsonNumberHandling.AllowReadingFromString)] public long? CommitSeq { get; init; }
}
