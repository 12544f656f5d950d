namespace MiniDoris.Fe.Catalog;

/// <summary>One copy of a tablet on a backend, with the version it has published.</summary>
public sealed class Replica
{
    public long Id { get; set; }

    public long BackendId { get; set; }

    public long Version { get; set; } = 1;

    /// <summary>
    /// The first version this replica missed (Doris's lastFailedVersion), -1 when healthy: a replica left out of a
    /// quorum commit keeps its old version until the tablet scheduler repairs it.
    /// </summary>
    public long LastFailedVersion { get; set; } = -1;
}
