namespace Syncer.Store;

/// <summary>A row of <c>syncers</c>: an instance, its last heartbeat and the time its lease on its jobs runs out.</summary>
public sealed record SyncerRecord(string Instance, DateTimeOffset Heartbeat, DateTimeOffset LeaseExpiry);
