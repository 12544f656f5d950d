namespace MiniDoris.Fe.Catalog;

/// <summary>One copy of a tablet on a backend, with the version it has published.</summary>
public sealed class Replica
{
    public long Id { get; set; }

    public long BackendId { get; set; }

    public long Version { get; set; } = 1;
}
