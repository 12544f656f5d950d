namespace MiniDoris.Fe.Binlog;

/// <summary>Ids an operation drops, remembered with its commit seq for getMeta's dropped_* lists.</summary>
public sealed record DroppedIds(IReadOnlyList<long> Partitions, IReadOnlyList<long> Tables, IReadOnlyList<long> Indexes)
{
    public static DroppedIds OfPartitions(IEnumerable<long> ids) => new([.. ids], [], []);

    public static DroppedIds OfTable(long id) => new([], [id], []);

    public static DroppedIds OfIndexes(IEnumerable<long> ids) => new([], [], [.. ids]);
}
