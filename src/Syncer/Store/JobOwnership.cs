namespace Syncer.Store;

/// <summary>Who owns a job and at which epoch (the fencing token), as the leader sees it when assigning jobs.</summary>
public sealed record JobOwnership(string Name, string Owner, long OwnerEpoch);
