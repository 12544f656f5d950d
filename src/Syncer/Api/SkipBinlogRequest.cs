using System.Text.Json.Serialization;

namespace Syncer.Api;

/// <summary><c>/job_skip_binlog</c>: <c>{"name", "commit_seq"}</c>; commit_seq may be a number or a numeric string.</summary>
public sealed record SkipBinlogRequest : JobNameRequest
{
    /// <summary>Commit seq of the binlog to skip.</summary>
    [JsonPropertyName("commit_seq"), JsonNumberHandling(JsonNumberHandling.AllowReadingFromString)] public long? CommitSeq { get; init; }
}
