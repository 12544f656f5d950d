using Syncer.Jobs;

namespace Syncer.Store;

/// <summary>
/// A row of <c>jobs</c>: the job definition with decrypted passwords, its owner instance (<c>host:port</c>)
/// and the owner epoch, which increases on every change of owner so a former owner's writes can be refused.
/// </summary>
public sealed record StoredJob(JobInfo Info, string Owner, long OwnerEpoch)
{
    /// <summary>The job name.</summary>
    public string Name => Info.Name;
}
