namespace MiniDoris.Fe.Catalog;

/// <summary>How rows spread over the tablets (buckets) of a partition.</summary>
public enum DistributionType
{
    HASH,
    RANDOM,
}
