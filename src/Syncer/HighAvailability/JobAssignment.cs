namespace Syncer.HighAvailability;

/// <summary>One move the leader makes: job <paramref name="Name"/> goes to <paramref name="To"/> if its epoch is still <paramref name="FromEpoch"/>.</summary>
public sealed record JobAssignment(string Name, long FromEpoch, string From, string To);
