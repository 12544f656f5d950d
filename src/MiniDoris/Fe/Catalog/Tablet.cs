namespace MiniDoris.Fe.Catalog;

/// <summary>One bucket of one index of one partition, replicated over backends.</summary>
public sealed class Tablet
{
    public long Id { get; set; }

    public List<Replica> Replicas { get; set; } = [];
}
