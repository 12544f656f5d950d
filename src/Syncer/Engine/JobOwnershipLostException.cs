namespace Syncer.Engine;

/// <summary>
/// The store refused a fenced write or the pre-commit check: another instance owns the job now (a higher epoch), or
/// it was deleted. Not transient for this instance: its runner stops and the job manager drops the job.
/// </summary>
public sealed class JobOwnershipLostException(string job)
    : Exception($"job {job} is no longer owned by this syncer at its epoch (moved to another instance or deleted)");
