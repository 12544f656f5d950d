namespace Syncer.Cluster;

/// <summary>A job-creation check failed; the message names the cluster and the cause and is returned to the API caller.</summary>
public sealed class ClusterCheckException : Exception
{
    /// <summary>Creates the exception.</summary>
    public ClusterCheckException(string message) : base(message) { }

    /// <summary>Creates the exception with its cause.</summary>
    public ClusterCheckException(string message, Exception inner) : base(message, inner) { }
}
