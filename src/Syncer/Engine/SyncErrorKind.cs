namespace Syncer.Engine;

/// <summary>What the job runner does about a failed step; decided once, where the error is raised.</summary>
public enum SyncErrorKind
{
    /// <summary>A network failure, timeout, busy FE or similar: retry the step with backoff, unchanged.</summary>
    Transient,

    /// <summary>The source or target metadata no longer matches what the job knows (table, partition, index or tablet gone or changed): start a full sync.</summary>
    MetaChanged,

    /// <summary>The binlog cannot be applied as it is (a refused statement, a malformed payload): retry slowly, or skip the binlog when the job has skip_error.</summary>
    Permanent,
}
