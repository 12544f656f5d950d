namespace MiniDoris.Fe.Catalog;

/// <summary>The bucketing of a partition: HASH over columns or RANDOM, with a bucket count.</summary>
public sealed class DistributionInfo
{
    public DistributionType Type { get; set; } = DistributionType.HASH;

    public int BucketNum { get; set; } = 1;

    /// <summary>True when the table was created with BUCKETS AUTO.</summary>
    public bool AutoBucket { get; set; }

    public List<string> Columns { get; set; } = [];

    public DistributionInfo Clone() => new() { Type = Type, BucketNum = BucketNum, AutoBucket = AutoBucket, Columns = [.. Columns] };

    /// <summary>The DISTRIBUTED BY clause as SHOW CREATE TABLE prints it.</summary>
    public string ToSql()
    {
        var buckets = AutoBucket ? "BUCKETS AUTO" : $"BUCKETS {BucketNum}";
        return Type == DistributionType.HASH
            ? $"DISTRIBUTED BY HASH({string.Join(", ", Columns.Select(Identifiers.Quote))}) {buckets}"
            : $"DISTRIBUTED BY RANDOM {buckets}";
    }
}
